// The run monitor and restart handling, on the embedded store: fake launchers stand in for workers that
// die silently, never start or ignore a cancel; the last test restarts a server while a real Docker run
// is in flight (it needs a Docker engine, as the docker launcher tests do).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import {
  connectDockerEngine,
  createDockerLauncher,
  createInProcessLauncher,
  buildWorkerImage,
  type LaunchHooks,
  type RunLauncher,
} from "@weir/launchers";
import { pino } from "pino";
import { weirConfigSchema } from "../config/weirConfig.ts";
import { startWeirInstance, type WeirInstance } from "../instance/weirInstance.ts";

const location = fileURLToPath(new URL("./fixtures/monitorLocation.ts", import.meta.url));
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function newInstanceDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "weir-monitor-test-"));
  dirs.push(dir);
  return dir;
}

async function start(
  launcher: RunLauncher,
  instanceDir = newInstanceDir(),
  runMonitor = { intervalMs: 100, startTimeoutMs: 60_000, cancelTimeoutMs: 60_000 },
) {
  const config = weirConfigSchema.parse({ instanceDir, port: 0, locations: [{ file: location }], runMonitor });
  return startWeirInstance(config, { launcher, log: pino({ level: process.env.WEIR_TEST_LOG_LEVEL ?? "silent" }) });
}

async function waitForStatus(instance: WeirInstance, runId: string, statuses: string[], timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await instance.store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (run && statuses.includes(run.status)) return run.status;
    if (Date.now() > deadline) assert.fail(`run ${runId} is ${run?.status}, not ${statuses.join("|")}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function events(instance: WeirInstance, runId: string) {
  await instance.sink.flush();
  return instance.store.prisma.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

/** A launcher whose workers "start" (RUN_START) and then behave as each test needs. */
function fakeLauncher(behaviour: {
  emitStart: boolean;
  health: "RUNNING" | "NOT_FOUND";
  onTerminate?: () => void;
}): RunLauncher & { hooks: Map<string, LaunchHooks> } {
  const hooks = new Map<string, LaunchHooks>();
  return {
    name: "fake",
    hooks,
    async launch(request, h) {
      hooks.set(request.runId, h);
      if (behaviour.emitStart) {
        h.onEvent({
          runId: request.runId,
          seq: request.firstSeq,
          type: "RUN_START",
          stepKey: null,
          level: "INFO",
          message: "started",
          timestamp: Date.now(),
          data: null,
        });
      }
      return { workerInfo: { fake: true } };
    },
    async terminate() {
      behaviour.onTerminate?.();
      return true;
    },
    checkHealth: async () => ({ status: behaviour.health }),
    describe: () => ({ name: "fake" }),
    dispose: async () => {},
  };
}

describe("run monitor", () => {
  test("a run whose worker is gone without a final event is failed with the reason", async () => {
    const instance = await start(fakeLauncher({ emitStart: true, health: "NOT_FOUND" }));
    try {
      const run = await instance.launchRun({ job: "slow" });
      assert.equal(await waitForStatus(instance, run.id, ["FAILURE"], 5000), "FAILURE");
      const last = (await events(instance, run.id)).at(-1)!;
      assert.equal(last.type, "RUN_FAILURE");
      assert.match(last.message, /worker is gone \(not found\) and it reported no end of the run/);
    } finally {
      await instance.close({ graceMs: 100 });
    }
  });

  test("a run that does not start within the start timeout is failed", async () => {
    const instance = await start(fakeLauncher({ emitStart: false, health: "NOT_FOUND" }), undefined, {
      intervalMs: 100,
      startTimeoutMs: 300,
      cancelTimeoutMs: 60_000,
    });
    try {
      const run = await instance.launchRun({ job: "slow" });
      await waitForStatus(instance, run.id, ["FAILURE"], 5000);
      assert.match((await events(instance, run.id)).at(-1)!.message, /did not start within 0.3 s \(runMonitor.startTimeoutMs\)/);
    } finally {
      await instance.close({ graceMs: 100 });
    }
  });

  test("a run CANCELING past the cancel timeout is killed and marked CANCELED", async () => {
    let terminations = 0;
    const instance = await start(
      fakeLauncher({ emitStart: true, health: "RUNNING", onTerminate: () => terminations++ }),
      undefined,
      { intervalMs: 100, startTimeoutMs: 60_000, cancelTimeoutMs: 300 },
    );
    try {
      const run = await instance.launchRun({ job: "slow" });
      await waitForStatus(instance, run.id, ["STARTED"]);
      await instance.terminateRun(run.id);
      await waitForStatus(instance, run.id, ["CANCELED"], 5000);
      assert.match((await events(instance, run.id)).at(-1)!.message, /did not stop within 0.3 s of being canceled/);
      assert.equal(terminations, 2, "terminate, then the kill after the cancel timeout");
    } finally {
      await instance.close({ graceMs: 100 });
    }
  });

  test("a run past its weir/max_runtime tag is terminated with an ENGINE_EVENT saying why", async () => {
    const instance = await start(createInProcessLauncher());
    try {
      const run = await instance.launchRun({ job: "slow", tags: { "weir/max_runtime": "1" } });
      await waitForStatus(instance, run.id, ["CANCELED"], 10_000);
      const all = await events(instance, run.id);
      const why = all.find((e) => e.type === "ENGINE_EVENT" && /max runtime of 1 s/.test(e.message));
      assert.ok(why, all.map((e) => `${e.type}: ${e.message}`).join("\n"));
      assert.equal(all.at(-1)!.type, "RUN_CANCELED");
    } finally {
      await instance.close({ graceMs: 100 });
    }
  });

  test("at start-up, a subprocess run left behind is failed, saying its worker was a subprocess of the stopped server", async () => {
    const instanceDir = newInstanceDir();
    const first = await start(createInProcessLauncher(), instanceDir);
    const run = await first.launchRun({ job: "slow" });
    await first.close({ graceMs: 100 });
    // As an earlier subprocess-launcher server would have left it.
    await (async () => {
      const again = await start(fakeLauncher({ emitStart: false, health: "RUNNING" }), instanceDir);
      await again.store.prisma.run.update({
        where: { id: run.id },
        data: { status: "STARTED", launcher: "subprocess", workerInfo: { pid: 999_999 } },
      });
      await again.close({ graceMs: 100 });
    })();
    const { createSubprocessLauncher } = await import("@weir/launchers");
    const restarted = await start(createSubprocessLauncher(), instanceDir);
    try {
      assert.equal(await waitForStatus(restarted, run.id, ["FAILURE"]), "FAILURE");
      assert.match(
        (await events(restarted, run.id)).at(-1)!.message,
        /worker was a subprocess \(pid 999999\) of the Weir server that stopped/,
      );
    } finally {
      await restarted.close({ graceMs: 100 });
    }
  });
});

describe("server restart with a Docker run in flight", () => {
  const engine = connectDockerEngine();
  const image = "weir-worker:test-restart";

  test("the restarted server reattaches by label and the run's log is whole, without duplicates", async () => {
    try {
      await engine.docker.ping();
    } catch (error) {
      assert.fail(
        `no Docker engine answers at ${engine.where} (${(error as Error).message}): run \`bash scripts/docker-engine.sh start\``,
      );
    }
    await buildWorkerImage({ engine, tag: image });
    const instanceDir = newInstanceDir();
    const first = await start(createDockerLauncher({ image }), instanceDir);
    const run = await first.launchRun({ job: "steady" });
    // Wait until some lines are stored, then stop the server: the container keeps running.
    for (let seen = 0; seen < 200; seen = (await events(first, run.id)).length) await new Promise((r) => setTimeout(r, 50));
    await first.close({ graceMs: 100 });

    const second = await start(createDockerLauncher({ image }), instanceDir);
    try {
      const status = await waitForStatus(second, run.id, ["SUCCESS", "FAILURE"], 30_000);
      const all = await events(second, run.id);
      assert.equal(
        status,
        "SUCCESS",
        all
          .slice(-3)
          .map((e) => `${e.seq} ${e.type}: ${e.message}`)
          .join("\n"),
      );
      all.forEach((e, i) => assert.equal(e.seq, i + 1, `event ${i} has seq ${e.seq}`));
      const lines = all.filter((e) => e.type === "LOG" && /^line \d+$/.test(e.message)).map((e) => e.message);
      assert.equal(lines.length, 4000);
      lines.forEach((line, i) => {
        if (line !== `line ${i}`) assert.fail(`log line ${i} is "${line}"`);
      });
    } finally {
      await second.close({ graceMs: 100 });
      await engine.docker
        .getImage(image)
        .remove()
        .catch(() => undefined);
    }
  });
});
