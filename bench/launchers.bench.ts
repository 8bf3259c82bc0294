// Per launcher (in-process, subprocess, docker): the time from launchRun to the stored RUN_START and
// RUN_SUCCESS of a one-step job (p50/p99 over WEIR_BENCH_RUNS runs, one at a time), and the time to run
// and store a step printing 100,000 log lines. Through a whole instance on the embedded store, so it
// includes the queue, the dispatcher, the worker's start and the event sink.
// Docker needs an engine (scripts/docker-engine.sh start); it builds weir-worker:bench first.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildWorkerImage,
  connectDockerEngine,
  createDockerLauncher,
  createInProcessLauncher,
  createSubprocessLauncher,
  type RunLauncher,
} from "@weir/launchers";
import { startWeirInstance, weirConfigSchema } from "@weir/server";
import { pino } from "pino";
import { percentile, report, round, type Row } from "./report.ts";

const RUNS = Number(process.env.WEIR_BENCH_RUNS ?? 30);
const WARMUP = 2;
const LINES = Number(process.env.WEIR_BENCH_LINES ?? 100_000);
const DOCKER_IMAGE = "weir-worker:bench";
const location = fileURLToPath(new URL("./fixtures/launcherJobs.ts", import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));

async function measure(name: string, makeLauncher: () => RunLauncher): Promise<Row[]> {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-bench-launchers-"));
  const config = weirConfigSchema.parse({ instanceDir, port: 0, locations: [{ file: location }] });
  const instance = await startWeirInstance(config, { launcher: makeLauncher(), log: pino({ level: "warn" }) });
  const waiting = new Map<string, { type: string; resolve: (t: number) => void }[]>();
  const unsubscribe = instance.sink.subscribe((events) => {
    const now = performance.now();
    for (const e of events) {
      const list = waiting.get(e.runId);
      for (const w of list?.filter((w) => w.type === e.type) ?? []) w.resolve(now);
    }
  });
  const when = (runId: string, type: string) =>
    new Promise<number>((resolve) => waiting.set(runId, [...(waiting.get(runId) ?? []), { type, resolve }]));
  const finished = async (runId: string) => {
    const run = await instance.store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
    return run?.status;
  };

  try {
    const toStart: number[] = [];
    const toSuccess: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t0 = performance.now();
      const run = await instance.launchRun({ job: "one_step" });
      const [started, succeeded] = await Promise.all([when(run.id, "RUN_START"), when(run.id, "RUN_SUCCESS")]);
      waiting.delete(run.id);
      await instance.dispatcher.whenEnded(run.id);
      if (i >= WARMUP) {
        toStart.push(started - t0);
        toSuccess.push(succeeded - t0);
      }
    }
    toStart.sort((a, b) => a - b);
    toSuccess.sort((a, b) => a - b);

    const t0 = performance.now();
    const chatty = await instance.launchRun({ job: "chatty" });
    const done = await when(chatty.id, "RUN_SUCCESS");
    await instance.dispatcher.whenEnded(chatty.id);
    const stored = await instance.store.prisma.runEvent.count({ where: { runId: chatty.id, type: "LOG" } });
    if (stored < LINES)
      throw new Error(`${name}: only ${stored} of ${LINES} log lines were stored (run ${await finished(chatty.id)})`);
    const linesMs = done - t0;
    console.log(
      `${name}: p50 to RUN_START ${round(percentile(toStart, 50), 1)} ms, ${LINES} lines in ${round(linesMs / 1000, 2)} s`,
    );
    return [
      {
        launcher: name,
        runs: RUNS,
        "start p50 ms": round(percentile(toStart, 50), 1),
        "start p99 ms": round(percentile(toStart, 99), 1),
        "success p50 ms": round(percentile(toSuccess, 50), 1),
        "success p99 ms": round(percentile(toSuccess, 99), 1),
        [`${LINES} lines s`]: round(linesMs / 1000, 2),
        "lines/s": Math.round(LINES / (linesMs / 1000)),
      },
    ];
  } finally {
    unsubscribe();
    await instance.close({ graceMs: 1000 });
    rmSync(instanceDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
const want = (name: string) => only.length === 0 || only.includes(name);
process.env.WEIR_BENCH_LINES = String(LINES);
if (want("in-process")) rows.push(...(await measure("in-process", () => createInProcessLauncher())));
if (want("subprocess"))
  rows.push(...(await measure("subprocess", () => createSubprocessLauncher({ workerEnv: { pass: ["WEIR_BENCH_LINES"] } }))));
if (want("docker") || want("docker-host")) {
  const engine = connectDockerEngine();
  await buildWorkerImage({ engine, tag: DOCKER_IMAGE });
  const env = { WEIR_BENCH_LINES: String(LINES) };
  if (want("docker")) rows.push(...(await measure("docker (bridge)", () => createDockerLauncher({ image: DOCKER_IMAGE, env }))));
  if (want("docker-host"))
    rows.push(
      ...(await measure("docker (host network)", () => createDockerLauncher({ image: DOCKER_IMAGE, env, networkMode: "host" }))),
    );
}
report("launchers", rows, {
  targets: { "in-process start p50 ms": 10, "subprocess start p50 ms": 250, "docker start p50 ms": 700 },
  load: (await import("node:os")).loadavg(),
});
process.exit(0);
