// Runs each run in its own `node` process (the run worker): user code cannot take the server down,
// and a hung run can be killed. Events arrive as NDJSON lines on the worker's stdout.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WeirEvent } from "@weir/sdk";
import { createLineSplitter } from "./lineSplitter.ts";
import { createOutputTail, type OutputTail } from "./outputTail.ts";
import type { LaunchRequest, RunLauncher, WorkerHealth } from "./runLauncher.ts";

export interface SubprocessLauncherOptions {
  /** Time between SIGTERM and SIGKILL on terminate. */
  gracePeriodMs?: number;
  /** Extra node flags for the worker (e.g. --max-old-space-size=4096). */
  nodeArgs?: string[];
  /** Added to the server's environment for the worker. */
  env?: Record<string, string>;
  /** Working directory of the worker (default: the server's). */
  cwd?: string;
  /** Bytes of the worker's stderr kept for the exit report. */
  stderrTailBytes?: number;
}

const RUN_WORKER = fileURLToPath(new URL("./runWorker.ts", import.meta.url));
// Absolute, so the worker finds tsx whatever its working directory is.
const TSX_LOADER = import.meta.resolve("tsx");

interface Worker {
  child: ChildProcess;
  exited: Promise<void>;
  stderr: OutputTail;
  killTimer?: NodeJS.Timeout;
}

export function createSubprocessLauncher(options: SubprocessLauncherOptions = {}): RunLauncher {
  const { gracePeriodMs = 5000, nodeArgs = [], env = {}, stderrTailBytes = 64 * 1024 } = options;
  const workers = new Map<string, Worker>();

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
      const child = spawn(process.execPath, [...nodeArgs, "--import", TSX_LOADER, RUN_WORKER], {
        cwd: options.cwd,
        // The executor abandons steps that ignore the abort before we escalate to SIGKILL, so a
        // terminated run still ends RUN_CANCELED; options.env may override it.
        env: { ...process.env, WEIR_CANCEL_GRACE_MS: String(Math.floor(gracePeriodMs * 0.6)), ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });

      // Resolves launch() once the process exists; rejects when it cannot start at all.
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", (error) =>
          reject(new Error(`Could not start a run worker for run ${request.runId}: ${error.message}`, { cause: error })),
        );
      });

      const stderr = createOutputTail(stderrTailBytes);
      const lines = createLineSplitter((line) => {
        if (line.length === 0) return;
        let event: WeirEvent;
        try {
          event = JSON.parse(line) as WeirEvent;
        } catch {
          // Not ours: keep it for the exit report rather than dropping it silently.
          stderr.push(`[stdout, not an event] ${line.slice(0, 1000)}\n`);
          return;
        }
        try {
          hooks.onEvent(event);
        } catch (error) {
          console.error(`subprocess launcher: onEvent of run ${request.runId} threw`, error);
        }
      });
      child.stdout!.on("data", (chunk: Buffer) => lines.push(chunk));
      child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
      // A worker that dies before reading its request closes stdin under us; its exit says why.
      child.stdin!.on("error", () => undefined);
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
      return { name: "subprocess", gracePeriodMs, nodeArgs, env: Object.fromEntries(Object.keys(env).map((k) => [k, "<redacted>"])) };
    },

    async dispose() {
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
