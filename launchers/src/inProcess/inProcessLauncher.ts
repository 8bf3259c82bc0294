// Runs the executor inside the server's own process: fastest, for development and tests. User code
// shares the server's process here (the one mode where it does), so a crash in it is the server's.
import { stat } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { register } from "tsx/esm/api";
import { executeLaunchRequest } from "../worker/launchRequestExecution.ts";
import { CodeLocationLoadError, loadCodeLocation, type LoadedCodeLocation } from "../worker/codeLocationLoader.ts";
import { exitCodeForStatus } from "../worker/workerExitCodes.ts";
import type { LaunchHooks, LaunchRequest, RunLauncher, WorkerExit, WorkerHealth } from "../runLauncher.ts";

export interface InProcessLauncherOptions {
  /** Steps one run executes at once; the executor's default when unset. */
  maxConcurrency?: number;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

/** One imported version of a location; a new version gets a fresh tsx namespace so edits are seen. */
interface ModuleVersion {
  version: string;
  loaded: Promise<LoadedCodeLocation>;
  unregister: () => Promise<void>;
  activeRuns: number;
  superseded: boolean;
}

export function createInProcessLauncher(options: InProcessLauncherOptions = {}): RunLauncher {
  const runs = new Map<string, ActiveRun>();
  const modules = new Map<string, ModuleVersion>();

  async function versionOf(location: LaunchRequest["location"]): Promise<string> {
    if (location.version) return location.version;
    try {
      return String((await stat(location.file)).mtimeMs);
    } catch {
      return "missing"; // the loader reports the missing file with its path
    }
  }

  async function acquire(location: LaunchRequest["location"]): Promise<ModuleVersion> {
    const version = await versionOf(location);
    const current = modules.get(location.file);
    if (current && current.version === version) {
      current.activeRuns++;
      return current;
    }
    if (current) {
      current.superseded = true;
      if (current.activeRuns === 0) void current.unregister();
    }
    // A namespace per version makes tsx import the whole module graph afresh, helpers included.
    const namespace = register({ namespace: `weir-${randomUUID()}` });
    const entry: ModuleVersion = {
      version,
      loaded: loadCodeLocation(location.file, { importModule: (url) => namespace.import(url, import.meta.url) }),
      unregister: () => namespace.unregister(),
      activeRuns: 1,
      superseded: false,
    };
    modules.set(location.file, entry);
    entry.loaded.catch(() => {
      // Never cache a failure: the next launch retries, so fixing the file is enough.
      if (modules.get(location.file) === entry) modules.delete(location.file);
      entry.superseded = true;
    });
    return entry;
  }

  function release(entry: ModuleVersion): void {
    entry.activeRuns--;
    if (entry.superseded && entry.activeRuns === 0) void entry.unregister();
  }

  async function execute(request: LaunchRequest, hooks: LaunchHooks, controller: AbortController): Promise<WorkerExit> {
    let entry: ModuleVersion | undefined;
    try {
      entry = await acquire(request.location);
      const result = await executeLaunchRequest(await entry.loaded, request, {
        emit: (event) => hooks.onEvent(event),
        signal: controller.signal,
        maxConcurrency: options.maxConcurrency,
      });
      return { exitCode: exitCodeForStatus(result.status) };
    } catch (error) {
      // A load error already names the file; anything else is an executor fault, given its context here.
      if (error instanceof CodeLocationLoadError) return { error };
      const reason = error instanceof Error ? error.message : String(error);
      const where = `code location ${request.location.name}, ${request.location.file}`;
      return { error: new Error(`Run ${request.runId} failed in-process (${where}): ${reason}`, { cause: error }) };
    } finally {
      if (entry) release(entry);
    }
  }

  return {
    name: "in-process",

    async launch(request, hooks) {
      if (runs.has(request.runId)) throw new Error(`Run ${request.runId} is already executing in this process`);
      const controller = new AbortController();
      const run: ActiveRun = { controller, done: Promise.resolve() };
      runs.set(request.runId, run);
      run.done = execute(request, hooks, controller).then((exit) => {
        runs.delete(request.runId);
        try {
          hooks.onExit(exit);
        } catch (error) {
          console.error(`in-process launcher: onExit hook of run ${request.runId} threw`, error);
        }
      });
      return { workerInfo: { pid: process.pid, inProcess: true } };
    },

    async terminate(runId) {
      const run = runs.get(runId);
      if (!run) return false;
      run.controller.abort(new Error(`Run ${runId} was terminated`));
      return true;
    },

    async checkHealth(runId): Promise<WorkerHealth> {
      return runs.has(runId) ? { status: "RUNNING", detail: `in process ${process.pid}` } : { status: "NOT_FOUND" };
    },

    describe() {
      return { name: "in-process", maxConcurrency: options.maxConcurrency ?? null };
    },

    async dispose() {
      for (const [runId, run] of runs)
        run.controller.abort(new Error(`Run ${runId} was terminated: the launcher is shutting down`));
      await Promise.allSettled([...runs.values()].map((run) => run.done));
      await Promise.allSettled([...modules.values()].map((entry) => entry.unregister()));
      modules.clear();
    },
  };
}
