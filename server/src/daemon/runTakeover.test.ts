// A `weir daemon` killed with runs in flight, and another started at once (well within the 15 s its
// heartbeat rows stay fresh): the new daemon sees the dead one is gone (its liveness lock went with its
// process), fails the runs that were executing with the reason, and puts the runs that were only claimed
// back in the queue, then runs them.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { createTestDatabaseUrl, dropTestDatabases } from "../../test/databases.ts";
import {
  startServerWithoutDaemon,
  startDaemonProcess,
  stopDaemonProcess,
  waitFor,
  type DaemonProcess,
} from "./daemonTestHarness.ts";
import { HOLD_TAG } from "./fixtures/holdingLauncher.ts";

const HOLDING_LAUNCHER = fileURLToPath(new URL("./fixtures/holdingLauncher.ts", import.meta.url));

after(() => dropTestDatabases());

// PostgreSQL only, not declared for the embedded store: PGlite belongs to one process, so no daemon
// process can die beside a live one there (a restart is covered by the instance tests).
describe("run takeover [postgres]", () => {
  it("a daemon killed with runs in flight: one started at once fails its started runs with a reason, requeues and runs its claimed ones", async () => {
    const databaseUrl = await createTestDatabaseUrl();
    const instanceDir = mkdtempSync(join(tmpdir(), "weir-run-takeover-"));
    const server = await startServerWithoutDaemon(databaseUrl, instanceDir);
    const daemons: DaemonProcess[] = [];
    try {
      const { prisma } = server.store;
      const executing: string[] = [];
      const claimed: string[] = [];
      for (let i = 0; i < 2; i++) {
        executing.push((await server.launchRun({ job: "quick", config: { ops: { pause: { ms: 600_000 } } } })).id);
        claimed.push(
          (await server.launchRun({ job: "quick", config: { ops: { pause: { ms: 1 } } }, tags: { [HOLD_TAG]: "yes" } })).id,
        );
      }
      const first = await startDaemonProcess(databaseUrl, instanceDir, {
        args: ["--launcher", HOLDING_LAUNCHER],
        env: { WEIR_TEST_HOLD_LAUNCHES: "1" },
      });
      daemons.push(first);
      await waitFor("the first daemon to start two runs and hold two claimed", async () => {
        const runs = await prisma.run.findMany({ where: { id: { in: [...executing, ...claimed] } } });
        const status = new Map(runs.map((r) => [r.id, r.status]));
        return executing.every((id) => status.get(id) === "STARTED") && claimed.every((id) => status.get(id) === "STARTING");
      });
      const owners = await prisma.run.findMany({
        where: { id: { in: [...executing, ...claimed] } },
        select: { workerInfo: true },
      });
      assert.ok(
        owners.every((r) => (r.workerInfo as { daemonId?: string }).daemonId === first.daemonId),
        "the first daemon claimed all four",
      );
      await waitFor(
        "the first daemon's heartbeats",
        async () => (await prisma.daemonHeartbeat.count({ where: { daemonId: first.daemonId } })) > 0,
      );

      first.child.kill("SIGKILL");
      await stopDaemonProcess(first);
      const second = await startDaemonProcess(databaseUrl, instanceDir, { args: ["--launcher", HOLDING_LAUNCHER] });
      daemons.push(second);

      await waitFor(
        "the killed daemon's runs to be settled",
        async () => {
          const runs = await prisma.run.findMany({ where: { id: { in: [...executing, ...claimed] } } });
          const status = new Map(runs.map((r) => [r.id, r.status]));
          return executing.every((id) => status.get(id) === "FAILURE") && claimed.every((id) => status.get(id) === "SUCCESS");
        },
        60_000,
        200,
      );
      for (const runId of executing) {
        const failure = await prisma.runEvent.findFirst({ where: { runId, type: "RUN_FAILURE" } });
        assert.match(failure!.message, /ran inside the Weir server process that stopped; re-execute the run/);
      }
      for (const runId of claimed) {
        const events = await prisma.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
        const dequeuedBy = events.filter((e) => e.type === "RUN_DEQUEUED").map((e) => (e.data as { daemonId: string }).daemonId);
        assert.deepEqual(dequeuedBy, [first.daemonId, second.daemonId], "claimed by the killed daemon, then by the new one");
        const requeued = events.find((e) => e.type === "ENGINE_EVENT" && /^run requeued: /.test(e.message));
        assert.match(requeued?.message ?? "", /stopped before its worker started/);
        assert.deepEqual(
          events.filter((e) => e.type === "RUN_START" || e.type === "RUN_SUCCESS").map((e) => e.type),
          ["RUN_START", "RUN_SUCCESS"],
          "it ran once",
        );
        assert.equal(events.map((e) => e.seq).join(), events.map((_, i) => i + 1).join(), "no gap, no duplicate");
      }
      assert.deepEqual(await Promise.all(daemons.splice(1).map((d) => stopDaemonProcess(d))), [0]);
    } finally {
      await Promise.all(daemons.map((d) => stopDaemonProcess(d, "SIGKILL")));
      for (const d of daemons) if (d.child.exitCode) console.error(d.stderr());
      await server.close();
      rmSync(instanceDir, { recursive: true, force: true });
    }
  });
});
