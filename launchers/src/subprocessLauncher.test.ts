import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { createSubprocessLauncher } from "./subprocessLauncher.ts";
import { assertContiguous, launch, notDefinitionsFile, request, types } from "../test/launchHarness.ts";

describe("subprocess launcher", () => {
  const launcher = createSubprocessLauncher({ gracePeriodMs: 3000 });
  after(() => launcher.dispose());

  test("a successful run emits RUN_START..RUN_SUCCESS with contiguous seq from firstSeq", async () => {
    const req = request("succeed", { firstSeq: 7 });
    const run = await launch(launcher, req);
    assert.equal(typeof run.workerInfo?.pid, "number");
    const exit = await run.exit;
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    assert.equal(exit.signal, null);
    assert.equal(run.events[0].type, "RUN_START");
    assert.equal(run.events.at(-1)?.type, "RUN_SUCCESS");
    assertContiguous(run.events, 7);
    // Printed inside a step: a LOG event of that step. Printed at import: stderr, never the event channel.
    const printed = run.events.find((e) => e.type === "LOG" && e.message === "hello from step, value 20");
    assert.equal(printed?.stepKey, "second");
    assert.equal(printed?.data?.source, "stdout");
    assert.match(exit.stderrTail ?? "", /runs fixture imported/);
    assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
  });

  test("a failing step ends RUN_FAILURE with exit code 1", async () => {
    const run = await launch(launcher, request("fail"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 1);
    assert.ok(types(run.events).includes("STEP_FAILURE"));
    assert.equal(run.events.at(-1)?.type, "RUN_FAILURE");
    assertContiguous(run.events, 1);
  });

  test("terminate mid-step ends RUN_CANCELED and the worker exits 143", async () => {
    const req = request("slow");
    const run = await launch(launcher, req);
    await run.waitFor("STEP_START");
    assert.equal((await launcher.checkHealth(req.runId)).status, "RUNNING");
    assert.equal(await launcher.terminate(req.runId), true);
    const exit = await run.exit;
    assert.equal(exit.exitCode, 143, exit.stderrTail);
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELED");
    assertContiguous(run.events, 1);
  });

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
  });

  test("a worker killed with SIGKILL reports the signal", async () => {
    const run = await launch(launcher, request("slow"));
    await run.waitFor("STEP_START");
    process.kill(run.workerInfo!.pid as number, "SIGKILL");
    const exit = await run.exit;
    assert.equal(exit.signal, "SIGKILL");
    assert.equal(exit.exitCode, null);
    assert.ok(!types(run.events).some((t) => t === "RUN_SUCCESS" || t === "RUN_FAILURE" || t === "RUN_CANCELED"));
  });

  test("process.exit(3) in user code reports exit code 3 and the stderr tail", async () => {
    const run = await launch(launcher, request("exits"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 3);
    assert.match(exit.stderrTail ?? "", /fatal: giving up with exit code 3/);
    assert.ok(types(run.events).includes("STEP_START"));
  });

  test("a location that does not load exits 2 with the reason on stderr", async () => {
    const run = await launch(launcher, request("succeed", { location: { name: "bad", file: notDefinitionsFile } }));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 2);
    assert.equal(run.events.length, 0);
    assert.match(exit.stderrTail ?? "", /notDefinitions\.ts must default-export defineDefinitions/);
  });

  test("100,000 log lines from one step all arrive, in order", async () => {
    const run = await launch(launcher, request("chatty"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    assertContiguous(run.events, 1);
    const lines = run.events.filter((e) => e.type === "LOG" && e.data?.source === "stdout");
    assert.equal(lines.length, 100_000);
    lines.forEach((e, i) => {
      if (e.message !== `line ${i}`) assert.fail(`log ${i} is "${e.message}"`);
    });
  });

  test("a 10 MB event line arrives whole", async () => {
    const run = await launch(launcher, request("huge"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    const big = run.events.find((e) => e.type === "LOG" && e.data?.source === "stdout");
    assert.equal(big?.message.length, 10 * 1024 * 1024);
    assertContiguous(run.events, 1);
  });

  test("describe redacts env values", () => {
    const described = createSubprocessLauncher({ env: { SECRET: "x" } }).describe();
    assert.deepEqual(described.env, { SECRET: "<redacted>" });
  });
});
