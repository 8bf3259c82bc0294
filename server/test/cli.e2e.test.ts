// `weir dev` as a user runs it: listening line on port 0, Ctrl-C with a run in flight, restart on the
// same instance.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { gqlAt, startWeir } from "./weirProcess.ts";

const location = fileURLToPath(new URL("./fixtures/api/definitions.ts", import.meta.url));
const instanceDir = mkdtempSync(join(tmpdir(), "weir-cli-test-"));
after(() => rmSync(instanceDir, { recursive: true, force: true }));

async function waitForStatus(url: string, runId: string, statuses: string[]): Promise<string> {
  // The subscription would do too; polling the API keeps this test about the CLI.
  for (;;) {
    const { run } = await gqlAt(url, `query($id: ID!) { run(id: $id) { status } }`, { id: runId });
    if (statuses.includes(run.status)) return run.status;
    await new Promise((r) => setImmediate(r));
  }
}

test("weir dev: Ctrl-C ends an in-flight run with a reason, and the next start opens the same instance", async () => {
  const first = await startWeir(["dev", "--definitions", location, "--instance", instanceDir, "--port", "0"]);
  assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  const { launchRun } = await gqlAt(
    first.url,
    `mutation { launchRun(input: { job: "slow" }) { ... on LaunchRunSuccess { run { id } } } }`,
  );
  const runId = launchRun.run.id as string;
  await waitForStatus(first.url, runId, ["STARTED"]);

  // A second server on the same embedded instance is refused while the first holds it.
  await assert.rejects(
    startWeir(["dev", "--definitions", location, "--instance", instanceDir, "--port", "0"]),
    /in use by process \d+/,
  );

  assert.equal(await first.stop("SIGINT"), 0, first.stderr());

  const second = await startWeir(["dev", "--definitions", location, "--instance", instanceDir, "--port", "0"]);
  try {
    const { run } = await gqlAt(second.url, `query($id: ID!) { run(id: $id) { status failureReason } }`, { id: runId });
    assert.ok(["CANCELED", "FAILURE"].includes(run.status), `status ${run.status}`);
    const { runEvents } = await gqlAt(
      second.url,
      `query($id: ID!) { runEvents(runId: $id) { edges { node { type message } } } }`,
      { id: runId },
    );
    const types = runEvents.edges.map((e: { node: { type: string } }) => e.node.type);
    assert.ok(["RUN_CANCELED", "RUN_FAILURE"].includes(types.at(-1)), types.join(","));
    assert.equal(types.filter((t: string) => t === "RUN_CANCELED" || t === "RUN_FAILURE").length, 1, "exactly one final event");
  } finally {
    assert.equal(await second.stop("SIGTERM"), 0);
  }
});
