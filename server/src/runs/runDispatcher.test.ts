// The dispatcher's side of a run's end, on a real store of each kind: how a worker's exit is recorded when
// the worker wrote no final event, and how a stop request reaches a worker, even one still being launched.
// A scripted launcher stands in for the worker, so each test decides when and how it ends.
import assert from "node:assert/strict";
import { after, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { LaunchHooks, LaunchRequest, RunLauncher } from "@weir/launchers";
import type { WeirEvent } from "@weir/sdk";
import { dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor, type DaemonTestInstance } from "../daemon/daemonTestHarness.ts";
import type { WeirInstance } from "../instance/weirInstance.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/terminationLocation.ts", import.meta.url));

after(() => dropTestDatabases());

interface ScriptedLauncher extends RunLauncher {
  /** The hooks and request of each launched run. */
  launched: Map<string, { hooks: LaunchHooks; request: LaunchRequest }>;
  terminations: string[];
  /** When set, launch() waits for it before the worker counts as started. */
  holdLaunch?: Promise<void>;
  /** When set, launch() fails with it. */
  launchError?: Error;
}

function scriptedLauncher(): ScriptedLauncher {
  const started = new Set<string>();
  const launcher: ScriptedLauncher = {
    name: "scripted",
    launched: new Map(),
    terminations: [],
    async launch(request, hooks) {
      if (launcher.launchError) throw launcher.launchError;
      launcher.launched.set(request.runId, { hooks, request });
      await launcher.holdLaunch;
      started.add(request.runId);
      hooks.onEvent(event(request.runId, request.firstSeq, "RUN_START"));
      return { workerInfo: { scripted: true } };
    },
    async terminate(runId) {
      launcher.terminations.push(runId);
      return started.has(runId);
    },
    checkHealth: async (runId) => ({ status: started.has(runId) ? "RUNNING" : "NOT_FOUND" }),
    describe: () => ({ name: "scripted" }),
    dispose: async () => {},
  };
  return launcher;
}

function event(runId: string, seq: number, type: WeirEvent["type"]): WeirEvent {
  return { runId, seq, type, stepKey: null, level: "INFO", message: type, timestamp: Date.now(), data: null };
}

async function storedEvents(instance: WeirInstance, runId: string) {
  await instance.sink.flush();
  return instance.store.prisma.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

async function startedRun(t: DaemonTestInstance, launcher: ScriptedLauncher) {
  const run = await t.instance.launchRun({ job: "quick" });
  await waitFor(
    "the run to start",
    async () => (await t.instance.store.prisma.run.findUnique({ where: { id: run.id } }))?.status === "STARTED",
  );
  return { runId: run.id, hooks: launcher.launched.get(run.id)!.hooks };
}

forEachDatabase("run dispatcher", (kind) => {
  async function withInstance(test: (t: DaemonTestInstance, launcher: ScriptedLauncher) => Promise<void>) {
    const launcher = scriptedLauncher();
    const t = await startDaemonTestInstance({ kind, locations: [{ file: LOCATION }], start: { launcher } });
    try {
      await test(t, launcher);
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  }

  it("a worker that exits without a final event fails its run with the exit code and the stderr tail", () =>
    withInstance(async (t, launcher) => {
      const { runId, hooks } = await startedRun(t, launcher);
      assert.deepEqual(t.instance.dispatcher.activeRunIds(), [runId]);
      hooks.onExit({ exitCode: 3, signal: null, stderrTail: "Segmentation fault\n" });
      await t.instance.dispatcher.whenEnded(runId);
      assert.deepEqual(t.instance.dispatcher.activeRunIds(), []);
      const last = (await storedEvents(t.instance, runId)).at(-1)!;
      assert.equal(last.type, "RUN_FAILURE");
      assert.match(last.message, /^run failed: .*3/);
      const data = last.data as { exitCode: number; stderrTail: string; reason: string };
      assert.equal(data.exitCode, 3);
      assert.equal(data.stderrTail, "Segmentation fault\n");
      const run = await t.instance.store.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      assert.equal(run.status, "FAILURE");
      assert.equal(run.failureReason, data.reason);
    }));

  it("a worker that exits while its run is CANCELING ends the run CANCELED, with the seqs contiguous", () =>
    withInstance(async (t, launcher) => {
      const { runId, hooks } = await startedRun(t, launcher);
      assert.equal((await t.instance.terminateRun(runId)).status, "CANCELING");
      assert.deepEqual(launcher.terminations, [runId]);
      hooks.onExit({ exitCode: null, signal: "SIGTERM" });
      await t.instance.dispatcher.whenEnded(runId);
      const events = await storedEvents(t.instance, runId);
      assert.deepEqual(
        events.map((e) => e.type),
        ["RUN_ENQUEUED", "RUN_DEQUEUED", "RUN_STARTING", "RUN_START", "RUN_CANCELED"],
      );
      assert.deepEqual(
        events.map((e) => e.seq),
        [1, 2, 3, 4, 5],
      );
      assert.match(events.at(-1)!.message, /^run canceled: .*SIGTERM/);
    }));

  it("an exit after the worker's own final event adds nothing", () =>
    withInstance(async (t, launcher) => {
      const { runId, hooks } = await startedRun(t, launcher);
      const { request } = launcher.launched.get(runId)!;
      hooks.onEvent(event(runId, request.firstSeq + 1, "RUN_SUCCESS"));
      hooks.onExit({ exitCode: 0, signal: null });
      await t.instance.dispatcher.whenEnded(runId);
      const events = await storedEvents(t.instance, runId);
      assert.deepEqual(
        events.map((e) => e.type),
        ["RUN_ENQUEUED", "RUN_DEQUEUED", "RUN_STARTING", "RUN_START", "RUN_SUCCESS"],
      );
    }));

  it("a launcher that cannot start the worker fails the run with its error", () =>
    withInstance(async (t, launcher) => {
      launcher.launchError = new Error("the engine refused the container for run x");
      const run = await t.instance.launchRun({ job: "quick" });
      await waitFor(
        "the run to fail",
        async () => (await t.instance.store.prisma.run.findUnique({ where: { id: run.id } }))?.status === "FAILURE",
      );
      const last = (await storedEvents(t.instance, run.id)).at(-1)!;
      assert.equal(last.type, "RUN_FAILURE");
      assert.match(last.message, /the engine refused the container for run x/);
    }));

  it("a stop asked while the worker is being launched reaches it once it started, and only once", () =>
    withInstance(async (t, launcher) => {
      let release!: () => void;
      launcher.holdLaunch = new Promise<void>((resolve) => (release = resolve));
      const run = await t.instance.launchRun({ job: "quick" });
      await waitFor("the launch to begin", async () => launcher.launched.has(run.id));
      assert.equal(await t.instance.dispatcher.stopRun(run.id), true, "this process runs it");
      assert.equal(await t.instance.dispatcher.stopRun(run.id), true, "asked again: still ours, not asked twice");
      assert.deepEqual(launcher.terminations, [run.id], "the worker does not exist yet: the first attempt misses");
      release();
      await waitFor("the stop to reach the started worker", async () => launcher.terminations.length === 2);
      assert.equal(await t.instance.dispatcher.stopRun(run.id), true);
      assert.equal(launcher.terminations.length, 2, "a stop already delivered is not repeated (a second one kills)");
      assert.equal(
        await t.instance.dispatcher.stopRun("00000000-0000-0000-0000-000000000000"),
        false,
        "not a run of this process",
      );
      launcher.launched.get(run.id)!.hooks.onExit({ exitCode: 143, signal: null });
      await t.instance.dispatcher.whenEnded(run.id);
    }));
});
