// What only the subprocess launcher does: the SIGTERM-to-SIGKILL escalation of terminate, and describe().
// The scenarios every launcher shares are in test/launcherScenarios.test.ts; warm workers in
// subprocessWarmWorkers.test.ts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createSubprocessLauncher } from "./subprocessLauncher.ts";
import { launch, request } from "../../test/launchHarness.ts";

describe("subprocess launcher", () => {
  test("a step that ignores the abort is abandoned within the grace period, before SIGKILL", async () => {
    const own = createSubprocessLauncher({ gracePeriodMs: 2500 });
    const req = request("stubborn");
    const run = await launch(own, req);
    await run.waitFor("STEP_START");
    await own.terminate(req.runId);
    const exit = await run.exit;
    // 143 (its own exit after the abort), not SIGKILL: the executor let go of the step in time.
    assert.equal(exit.exitCode, 143, exit.stderrTail);
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELED");
    await own.dispose();
  });

  test("a run that does not stop within the grace period is killed with SIGKILL", async () => {
    const own = createSubprocessLauncher({ gracePeriodMs: 500, env: { WEIR_CANCEL_GRACE_MS: "60000" } });
    const req = request("stubborn");
    const run = await launch(own, req);
    await run.waitFor("STEP_START");
    await own.terminate(req.runId);
    const exit = await run.exit;
    assert.equal(exit.signal, "SIGKILL");
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELING");
    await own.dispose();
  });

  test("describe redacts env values", () => {
    const described = createSubprocessLauncher({ env: { SECRET: "x" } }).describe();
    assert.deepEqual(described.env, { SECRET: "<redacted>" });
  });
});
