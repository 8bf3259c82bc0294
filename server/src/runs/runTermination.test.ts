// Terminating runs and settling runs an earlier process left in progress, on a real store of each kind;
// then a terminate across processes: `weir daemon` runs the worker, this process plays `weir server`.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { connectDockerEngine, createDockerLauncher } from "@weir/launchers";
import { pino } from "pino";
import { WEIR_BIN } from "../../test/weirProcess.ts";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import { weirConfigSchema } from "../config/weirConfig.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { RunInProgressError, RunNotTerminableError } from "../errors.ts";
import { startWeirInstance, type WeirInstance } from "../instance/weirInstance.ts";
import { CLEANUP_LINES } from "./fixtures/terminationLocation.ts";
import { setRunQueueLimits } from "./runQueueSettings.ts";
import type { RunServices } from "./runServices.ts";
import { failOrphanedRuns } from "./runTermination.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/terminationLocation.ts", import.meta.url));
const silent = pino({ level: process.env.WEIR_TEST_LOG_LEVEL ?? "silent" });

after(() => dropTestDatabases());

async function storedEvents(instance: WeirInstance, runId: string) {
  await instance.sink.flush();
  return instance.store.prisma.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

const statusOf = async (instance: WeirInstance, runId: string) =>
  (await instance.store.prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } })).status;

/** Waits until the worker of `linger` runs its step (its first LOG is stored). */
function waitForLingering(instance: WeirInstance, runId: string) {
  return waitFor(
    "the linger step to run",
    async () => (await storedEvents(instance, runId)).some((e) => e.message === "waiting for a terminate"),
    60_000,
  );
}

/**
 * What every canceled `linger` run must show: seqs 1..n without a gap, the worker's own cancellation
 * (RUN_CANCELING, each cleanup line, the step's failure), and one RUN_CANCELED, last.
 */
async function assertWholeCancellation(instance: WeirInstance, runId: string) {
  const events = await storedEvents(instance, runId);
  const timeline = events.map((e) => `${e.seq} ${e.type} ${e.message}`).join("\n");
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 1),
    `seqs without a gap:\n${timeline}`,
  );
  assert.ok(
    events.some((e) => e.type === "RUN_CANCELING"),
    `the worker's RUN_CANCELING is stored:\n${timeline}`,
  );
  const cleanup = events.filter((e) => e.type === "LOG" && e.message.startsWith("cleanup ")).map((e) => e.message);
  assert.deepEqual(
    cleanup,
    Array.from({ length: CLEANUP_LINES }, (_, i) => `cleanup ${i}`),
    `every cleanup line is stored:\n${timeline}`,
  );
  assert.ok(
    events.some((e) => e.type === "STEP_FAILURE" && e.stepKey === "linger"),
    `the step's failure is stored:\n${timeline}`,
  );
  assert.equal(events.filter((e) => e.type === "RUN_CANCELED").length, 1, `one RUN_CANCELED:\n${timeline}`);
  assert.equal(events.at(-1)!.type, "RUN_CANCELED", `RUN_CANCELED comes last:\n${timeline}`);
  assert.equal(await statusOf(instance, runId), "CANCELED");
}

/** Until the worker's own end of the run is stored: the step's failure, then a RUN_CANCELED after it. */
function waitForWorkerEnd(instance: WeirInstance, runId: string) {
  return waitFor(
    "the worker's end of the run",
    async () => {
      const events = await storedEvents(instance, runId);
      const failure = events.find((e) => e.type === "STEP_FAILURE");
      return failure !== undefined && events.some((e) => e.type === "RUN_CANCELED" && e.seq > failure.seq);
    },
    60_000,
  );
}

forEachDatabase("terminating runs", (kind) => {
  it("a queued run is canceled at once: RUN_ENQUEUED then RUN_CANCELED, status CANCELED", async () => {
    const t = await startDaemonTestInstance({ kind, locations: [{ file: LOCATION }] });
    try {
      const { instance } = t;
      await setRunQueueLimits(instance.store, { maxConcurrentRuns: 0, tagConcurrencyLimits: [] });
      const run = await instance.launchRun({ job: "quick" });
      const terminated = await instance.terminateRun(run.id);
      assert.equal(terminated.status, "CANCELED");
      assert.deepEqual(
        (await storedEvents(instance, run.id)).map((e) => e.type),
        ["RUN_ENQUEUED", "RUN_CANCELED"],
      );
      await assert.rejects(
        () => instance.terminateRun(run.id),
        (error: unknown) => error instanceof RunNotTerminableError && /already CANCELED/.test(error.message),
      );
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("a running run: its worker stops and its own events, cleanup included, end with one RUN_CANCELED", async () => {
    const t = await startDaemonTestInstance({ kind, locations: [{ file: LOCATION }] });
    try {
      const { instance } = t;
      const run = await instance.launchRun({ job: "linger" });
      await waitForLingering(instance, run.id);
      await assert.rejects(() => instance.deleteRun(run.id), RunInProgressError);
      const terminated = await instance.terminateRun(run.id);
      assert.equal(terminated.status, "CANCELING", "the worker, not the terminate, ends the run");
      await waitForWorkerEnd(instance, run.id);
      await instance.dispatcher.whenEnded(run.id);
      await assertWholeCancellation(instance, run.id);
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("a run no worker answers for is canceled by the terminate itself: RUN_CANCELED says no worker ran it", async () => {
    const t = await startDaemonTestInstance({ kind, locations: [{ file: LOCATION }] });
    try {
      const { instance } = t;
      await setRunQueueLimits(instance.store, { maxConcurrentRuns: 0, tagConcurrencyLimits: [] });
      const run = await instance.launchRun({ job: "linger" });
      // STARTED and claimed by this live daemon, whose worker is gone: no process answers the stop request. (A run
      // of a dead daemon is the run takeover loop's: runTakeover.test.ts.)
      await instance.store.prisma.run.update({
        where: { id: run.id },
        data: { status: "STARTED", launcher: "subprocess", workerInfo: { pid: 999_999, daemonId: instance.daemon!.id } },
      });
      const terminated = await instance.terminateRun(run.id);
      assert.equal(terminated.status, "CANCELED");
      const events = await storedEvents(instance, run.id);
      assert.deepEqual(
        events.map((e) => e.type),
        ["RUN_ENQUEUED", "RUN_CANCELED"],
      );
      assert.match(events.at(-1)!.message, /no worker was running it/);
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("a Docker run whose engine does not answer at start-up stays in progress, and is settled once it answers", async () => {
    const engine = connectDockerEngine();
    try {
      await engine.docker.ping();
    } catch (error) {
      assert.fail(
        `no Docker engine answers at ${engine.where} (${(error as Error).message}): run \`bash scripts/docker-engine.sh start\``,
      );
    }
    // No daemon of its own: its run takeover would settle the run with the in-process launcher first.
    const t = await startDaemonTestInstance({ kind, locations: [{ file: LOCATION }], daemon: { enabled: false } });
    const socketDir = mkdtempSync(join(tmpdir(), "weir-unreachable-engine-"));
    try {
      const { instance } = t;
      await setRunQueueLimits(instance.store, { maxConcurrentRuns: 0, tagConcurrencyLimits: [] });
      const run = await instance.launchRun({ job: "linger" });
      await instance.store.prisma.run.update({
        where: { id: run.id },
        data: { status: "STARTED", launcher: "docker", workerInfo: { containerId: "c0ffee", daemonId: "gone" } },
      });
      // An engine socket that does not exist yet: the engine is unreachable, not the container missing.
      const socketPath = join(socketDir, "docker.sock");
      const launcher = createDockerLauncher({ socketPath });
      const services: RunServices = {
        ...instance,
        launcher,
        launcherName: launcher.name,
        instanceDir: t.instanceDir,
        log: silent,
      };

      const outcome = await failOrphanedRuns(services, { only: [run.id] });
      assert.deepEqual(outcome.failed, [], "an unreachable engine fails no run");
      assert.deepEqual(
        outcome.unknown.map((u) => u.runId),
        [run.id],
      );
      assert.match(outcome.unknown[0]!.reason, /cannot reach the Docker engine at unix:\/\/.*docker\.sock/);
      assert.equal(await statusOf(instance, run.id), "STARTED");
      assert.ok(!(await storedEvents(instance, run.id)).some((e) => e.type === "RUN_FAILURE"));

      // The engine answers again (the socket appears): looking again finds no container of the run and says so.
      symlinkSync(engine.where.replace(/^unix:\/\//, ""), socketPath);
      const again = await failOrphanedRuns(services, { only: [run.id] });
      assert.deepEqual(again.failed, [run.id]);
      assert.equal(await statusOf(instance, run.id), "FAILURE");
      assert.match((await storedEvents(instance, run.id)).at(-1)!.message, /no container labelled weir.run_id for it was found/);
      await launcher.dispose();
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
      rmSync(socketDir, { recursive: true, force: true });
    }
  });
});

interface DaemonProcess {
  child: ChildProcess;
  stderr(): string;
}

/** `weir daemon` with the subprocess launcher on the database, ready once it says it runs. */
async function startDaemonProcess(databaseUrl: string, instanceDir: string): Promise<DaemonProcess> {
  const args = [WEIR_BIN, "daemon", "--definitions", LOCATION, "--instance", instanceDir, "--launcher", "subprocess"];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, WEIR_DATABASE_URL: databaseUrl, WEIR_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith("weir daemon running as ")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`weir daemon exited with ${code} before it ran:\n${stderr}`)));
  });
  return { child, stderr: () => stderr };
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGINT"): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, "exit");
  child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

const processRuns = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("terminating a run another process runs [postgres]", () => {
  async function startPair() {
    const databaseUrl = await createTestDatabaseUrl();
    const instanceDir = mkdtempSync(join(tmpdir(), "weir-termination-"));
    // This process plays `weir server`: it serves the API and runs no daemon, so no worker either.
    const config = weirConfigSchema.parse({
      instanceDir,
      databaseUrl,
      locations: [{ file: LOCATION }],
      daemon: { enabled: false },
    });
    const server = await startWeirInstance(config, { log: silent });
    const daemon = await startDaemonProcess(databaseUrl, instanceDir).catch(async (error) => {
      await server.close();
      throw error;
    });
    return {
      server,
      daemon,
      async close() {
        await stopProcess(daemon.child);
        await server.close();
        rmSync(instanceDir, { recursive: true, force: true });
      },
    };
  }

  it("weir daemon runs the worker: the terminate reaches it, and every event the worker wrote is stored once, in order", async () => {
    const { server, daemon, close } = await startPair();
    try {
      const run = await server.launchRun({ job: "linger" });
      await waitForLingering(server, run.id);
      const terminated = await server.terminateRun(run.id);
      await waitForWorkerEnd(server, run.id);
      await assertWholeCancellation(server, run.id);
      assert.equal(terminated.status, "CANCELING", "the daemon that runs the worker ends the run, not the server");
      assert.equal(await stopProcess(daemon.child), 0, daemon.stderr());
    } finally {
      await close();
    }
  });

  it("when the daemon that ran it was killed, the server takes the run over and cancels it; the worker is gone", async () => {
    const { server, daemon, close } = await startPair();
    try {
      const run = await server.launchRun({ job: "linger" });
      await waitForLingering(server, run.id);
      const { workerInfo } = await server.store.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
      const workerPid = (workerInfo as { pid: number }).pid;
      assert.ok(processRuns(workerPid), `the worker (pid ${workerPid}) runs`);
      await stopProcess(daemon.child, "SIGKILL");

      const terminated = await server.terminateRun(run.id);
      assert.equal(terminated.status, "CANCELED", "no live process answered: the server recorded the cancellation");
      const events = await storedEvents(server, run.id);
      assert.equal(events.filter((e) => e.type === "RUN_CANCELED").length, 1);
      assert.equal(events.at(-1)!.type, "RUN_CANCELED");
      assert.match(events.at(-1)!.message, /no worker was running it/);
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i + 1),
      );
      await waitFor(`the orphaned worker (pid ${workerPid}) to exit`, async () => !processRuns(workerPid), 15_000);
    } finally {
      await close();
    }
  });
});
