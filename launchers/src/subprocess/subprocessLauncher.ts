// Runs each run in its own `node` process (the run worker): user code cannot take the server down,
// and a hung run can be killed. Events arrive as NDJSON lines on the worker's stdout.
import { spawn, type ChildProcess } from "node:child_process";
import { nodeChildArgs, weirModulePath } from "../worker/nodeChild.ts";
import { createWorkerEventLines } from "../worker/workerEventLines.ts";
import { createOutputTail, type OutputTail } from "../worker/outputTail.ts";
import { PARENT_PID_ENV } from "../worker/parentWatch.ts";
import type { LaunchRequest, RunLauncher, WorkerHealth } from "../runLauncher.ts";
import { assertWorkerEnvSettings, workerEnvironment, type WorkerEnvSettings } from "../workerEnvironment.ts";

export interface SubprocessLauncherOptions {
  /** Time between SIGTERM and SIGKILL on terminate. */
  gracePeriodMs?: number;
  /** Extra node flags for the worker (e.g. --max-old-space-size=4096). */
  nodeArgs?: string[];
  /** Added to the worker's environment. */
  env?: Record<string, string>;
  /**
   * What the worker inherits from the server beyond a base allowlist (PATH, HOME, TZ, LANG, NODE_OPTIONS...):
   * never the whole environment, which holds the server's secrets (see workerEnvironment.ts).
   */
  workerEnv?: WorkerEnvSettings;
  /** Working directory of the worker (default: the server's). */
  cwd?: string;
  /** Bytes of the worker's stderr kept for the exit report. */
  stderrTailBytes?: number;
  /**
   * Keep one started worker per code location waiting for its next run (default true). Starting node
   * with tsx and importing the SDK and the location takes most of a second; a spare has done that
   * before the run is launched.
   */
  warmWorkers?: boolean;
}

/** How many code locations keep a spare worker at once. */
const MAX_SPARES = 4;

const RUN_WORKER = weirModulePath("../worker/runWorker", import.meta.url);

interface Spare {
  child: ChildProcess;
  stderr: OutputTail;
  spawned: Promise<void>;
  version: string | undefined;
}

interface Worker {
  child: ChildProcess;
  exited: Promise<void>;
  stderr: OutputTail;
  killTimer?: NodeJS.Timeout;
}

function setReferenced(child: ChildProcess, referenced: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as ({ ref?(): void; unref?(): void } | null)[]) {
    if (referenced) handle?.ref?.();
    else handle?.unref?.();
  }
}

export function createSubprocessLauncher(options: SubprocessLauncherOptions = {}): RunLauncher {
  const { gracePeriodMs = 5000, nodeArgs = [], env = {}, stderrTailBytes = 64 * 1024, warmWorkers = true } = options;
  assertWorkerEnvSettings({ set: env }, "launcher.options.env");
  const inherited = workerEnvironment(options.workerEnv);
  const workers = new Map<string, Worker>();
  const spares = new Map<string, Spare>();
  let disposed = false;

  function spawnWorker(location: LaunchRequest["location"]): Spare {
    const child = spawn(process.execPath, nodeChildArgs(RUN_WORKER, nodeArgs), {
      cwd: options.cwd,
      // The executor abandons steps that ignore the abort before we escalate to SIGKILL, so a
      // terminated run still ends RUN_CANCELED; options.env may override it.
      env: {
        ...inherited,
        WEIR_CANCEL_GRACE_MS: String(Math.floor(gracePeriodMs * 0.6)),
        WEIR_PRELOAD_LOCATION: location.file,
        // The worker (and a waiting spare) exits when this process dies without stopping it.
        [PARENT_PID_ENV]: String(process.pid),
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stderr = createOutputTail(stderrTailBytes);
    child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
    // A worker that dies before reading its request closes stdin under us; its exit says why.
    child.stdin!.on("error", () => undefined);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    spawned.catch(() => undefined);
    return { child, stderr, spawned, version: location.version };
  }

  /** A spare already importing this location (same version), or undefined. */
  function takeSpare(location: LaunchRequest["location"]): Spare | undefined {
    const spare = spares.get(location.file);
    if (!spare) return undefined;
    spares.delete(location.file);
    const usable = spare.version === location.version && spare.child.exitCode === null && spare.child.signalCode === null;
    if (!usable) spare.child.kill("SIGKILL");
    else setReferenced(spare.child, true);
    return usable ? spare : undefined;
  }

  function prepareSpare(location: LaunchRequest["location"]): void {
    if (!warmWorkers || disposed || spares.has(location.file)) return;
    if (spares.size >= MAX_SPARES) {
      const [oldest] = spares.keys();
      spares.get(oldest!)!.child.kill("SIGKILL");
      spares.delete(oldest!);
    }
    const spare = spawnWorker(location);
    // A waiting spare must not keep this process alive (a launcher nobody disposed, a test file).
    setReferenced(spare.child, false);
    spares.set(location.file, spare);
    spare.child.once("exit", () => {
      if (spares.get(location.file) === spare) spares.delete(location.file);
    });
  }

  function alive(worker: Worker): boolean {
    return worker.child.exitCode === null && worker.child.signalCode === null;
  }

  function terminate(runId: string): boolean {
    const worker = workers.get(runId);
    if (!worker || !alive(worker)) return false;
    worker.child.kill("SIGTERM");
    if (!worker.killTimer) {
      worker.killTimer = setTimeout(() => {
        if (alive(worker)) worker.child.kill("SIGKILL");
      }, gracePeriodMs);
      worker.killTimer.unref();
    }
    return true;
  }

  return {
    name: "subprocess",

    async launch(request: LaunchRequest, hooks) {
      if (workers.has(request.runId)) throw new Error(`Run ${request.runId} already has a worker process`);
      const { child, stderr, spawned } = takeSpare(request.location) ?? spawnWorker(request.location);
      // Resolves launch() once the process exists; rejects when it cannot start at all.
      try {
        await spawned;
      } catch (error) {
        throw new Error(`Could not start a run worker for run ${request.runId}: ${(error as Error).message}`, { cause: error });
      }
      setImmediate(() => prepareSpare(request.location));

      const lines = createWorkerEventLines({ launcherName: "subprocess", runId: request.runId, hooks, stderr });
      child.stdout!.on("data", (chunk: Buffer) => lines.push(chunk));
      child.stdin!.end(JSON.stringify(request));

      const worker: Worker = {
        child,
        stderr,
        exited: new Promise((resolve) => {
          // "close" comes after the stdio streams ended, so every event line was delivered first.
          child.once("close", (exitCode, signal) => {
            lines.end();
            if (worker.killTimer) clearTimeout(worker.killTimer);
            workers.delete(request.runId);
            try {
              hooks.onExit({ exitCode, signal, stderrTail: stderr.text() });
            } catch (error) {
              console.error(`subprocess launcher: onExit of run ${request.runId} threw`, error);
            }
            resolve();
          });
        }),
      };
      workers.set(request.runId, worker);
      return { workerInfo: { pid: child.pid } };
    },

    terminate: async (runId) => terminate(runId),

    async checkHealth(runId): Promise<WorkerHealth> {
      const worker = workers.get(runId);
      if (!worker) return { status: "NOT_FOUND" };
      if (alive(worker)) return { status: "RUNNING", detail: `pid ${worker.child.pid}` };
      return { status: "EXITED", detail: `pid ${worker.child.pid} exited (${worker.child.exitCode ?? worker.child.signalCode})` };
    },

    describe() {
      return {
        name: "subprocess",
        gracePeriodMs,
        nodeArgs,
        warmWorkers,
        env: Object.fromEntries(Object.keys(env).map((k) => [k, "<redacted>"])),
      };
    },

    async dispose() {
      disposed = true;
      for (const spare of spares.values()) spare.child.kill("SIGKILL");
      spares.clear();
      const running = [...workers.entries()];
      await Promise.all(
        running.map(async ([runId, worker]) => {
          terminate(runId);
          await worker.exited;
        }),
      );
    },
  };
}
