// Real runs whose events are too large or cannot be encoded, in-process (user code shares the server's
// process) and in a subprocess worker: the server keeps serving, the huge lines are stored truncated with
// a record of it, and metadata JSON cannot hold fails its step with a message naming it.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { isFinished, type RunStatus } from "@weir/sdk";
import { dropTestDatabases, type StoreKind } from "../../test/databases.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor, type DaemonTestInstance } from "../daemon/daemonTestHarness.ts";
import { getEvents } from "../store/events.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/largeEventsLocation.ts", import.meta.url));
const MB = 1024 * 1024;

after(() => dropTestDatabases());

async function finishedRun(t: DaemonTestInstance, runId: string) {
  return waitFor(
    `run ${runId} to finish`,
    async () => {
      const run = await t.instance.store.prisma.run.findUnique({ where: { id: runId } });
      return run && isFinished(run.status as RunStatus) ? run : undefined;
    },
    180_000,
    100,
  );
}

const cases: { launcher: "in-process" | "subprocess"; kind: StoreKind; lines: number }[] = [
  // Six lines of 100 MB: together more than one JavaScript string can hold.
  { launcher: "in-process", kind: "pglite", lines: 6 },
  { launcher: "subprocess", kind: "postgres", lines: 3 },
];

for (const { launcher, kind, lines } of cases) {
  describe(`large events, ${launcher} launcher [${kind}]`, () => {
    it(`a step logging ${lines} lines of 100 MB: the run succeeds, each line stored truncated, the server serves on`, async () => {
      const t = await startDaemonTestInstance({ kind, launcher, locations: [{ file: LOCATION }] });
      try {
        const run = await t.instance.launchRun({ job: "huge_lines", config: { ops: { shout: { lines, megabytes: 100 } } } });
        const finished = await finishedRun(t, run.id);
        assert.equal(finished.status, "SUCCESS", `run ended ${finished.status}: ${finished.failureReason}`);
        const logs = await getEvents(t.instance.store, run.id, { limit: 100, types: ["LOG"] });
        const huge = logs.filter((e) => e.data?.truncated);
        assert.equal(huge.length, lines, "every large line is stored");
        for (const e of huge) {
          assert.equal(e.stepKey, "shout");
          assert.ok(e.message.length <= MB, `stored message of ${e.message.length} characters, at most the 1 MB cap`);
          assert.ok(e.message.startsWith("xxxxxxxx") && e.message.endsWith("[truncated]"));
          const truncated = e.data!.truncated as { originalBytes: number; maxEventBytes: number; fields: string[] };
          assert.ok(truncated.originalBytes >= 100 * MB, `originalBytes ${truncated.originalBytes}`);
          assert.equal(truncated.maxEventBytes, MB);
          assert.deepEqual(truncated.fields, ["message"]);
        }
        assert.ok(
          logs.some((e) => e.message === "after the large lines"),
          "the step's later log is stored too",
        );
        const all = await getEvents(t.instance.store, run.id, { limit: 1000 });
        assert.deepEqual(
          all.map((e) => e.seq),
          all.map((_, i) => i + 1),
          "contiguous seqs",
        );

        const next = await t.instance.launchRun({ job: "after", config: {} });
        assert.equal((await finishedRun(t, next.id)).status, "SUCCESS", "the server still runs runs");
      } finally {
        await t.close();
        removeInstanceDir(t.instanceDir);
      }
    });

    it("output metadata holding a BigInt fails the step with a message naming the step and the value", async () => {
      const t = await startDaemonTestInstance({ kind, launcher, locations: [{ file: LOCATION }] });
      try {
        const run = await t.instance.launchRun({ job: "bigint_metadata", config: {} });
        const finished = await finishedRun(t, run.id);
        assert.equal(finished.status, "FAILURE");
        const [failure] = await getEvents(t.instance.store, run.id, { limit: 10, types: ["STEP_FAILURE"] });
        assert.equal(failure?.stepKey, "count");
        assert.match(
          failure!.message,
          /Step "count" returned output metadata that cannot be stored as JSON: a BigInt \(42n; convert it to a number or a string\) at metadata\.rows/,
        );
        const all = await getEvents(t.instance.store, run.id, { limit: 1000 });
        assert.deepEqual(
          all.map((e) => e.seq),
          all.map((_, i) => i + 1),
          "contiguous seqs",
        );
      } finally {
        await t.close();
        removeInstanceDir(t.instanceDir);
      }
    });
  });
}
