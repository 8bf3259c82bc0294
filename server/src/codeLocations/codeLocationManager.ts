// Keeps one code server per code location: loads them in parallel, tracks each one's status and
// snapshot, restarts a child that timed out, and marks a location ERROR (without disturbing the
// others) when its module is broken or its child dies.
import path from "node:path";
import type { DefinitionsSnapshot } from "@weir/sdk";
import type { WorkerEnvSettings } from "@weir/launchers";
import {
  CodeLocationNotFoundError,
  CodeLocationUnavailableError,
  CodeServerCallError,
  CodeServerExitedError,
  CodeServerTimeoutError,
  DuplicateCodeLocationError,
} from "./codeLocationErrors.ts";
import { CodeServerProcess } from "./codeServerProcess.ts";
import type {
  CodeServerMethod,
  CodeServerMethods,
  ConfigValidation,
  RunTarget,
  ScheduleEvaluation,
  SensorEvaluation,
  SensorEvaluationParams,
} from "./codeServerProtocol.ts";
import { defaultLocationName } from "./locationName.ts";

export type CodeLocationStatus = "LOADING" | "LOADED" | "ERROR";

export interface CodeLocationError {
  message: string;
  stack?: string;
  /** Where in user code the problem is, when the error shows it. */
  file?: string;
  line?: number;
  column?: number;
}

export interface CodeLocationInfo {
  name: string;
  /** Absolute path of the module. */
  file: string;
  status: CodeLocationStatus;
  error?: CodeLocationError;
  snapshot?: DefinitionsSnapshot;
  loadedAt?: Date;
  /** Changes on every successful (re)load; pass it as LaunchRequest.location.version. */
  version?: string;
}

export type JobSnapshot = DefinitionsSnapshot["jobs"][number];
export type AssetSnapshot = DefinitionsSnapshot["assets"][number];
export type ScheduleSnapshot = DefinitionsSnapshot["schedules"][number];
export type SensorSnapshot = DefinitionsSnapshot["sensors"][number];

export interface CodeLocationManagerOptions {
  locations: { name?: string; file: string }[];
  /** Relative location files resolve against it; also the children's working directory. */
  cwd?: string;
  timeouts?: { describeMs?: number; evaluateMs?: number };
  /** Extra node flags for the children (e.g. --max-old-space-size). */
  nodeArgs?: string[];
  /** What code servers get of the server's environment beyond the base allowlist (`workerEnv` in the config). */
  env?: WorkerEnvSettings;
  /** What user code prints in a code server (at import, in sensors). Dropped when unset. */
  onOutput?: (location: string, stream: "stdout" | "stderr", text: string) => void;
}

export interface CodeLocationManager {
  /** Loads every location in parallel; resolves when each is LOADED or ERROR (never rejects for one). */
  start(): Promise<void>;
  list(): CodeLocationInfo[];
  get(name: string): CodeLocationInfo | undefined;
  findJob(jobName: string): { location: CodeLocationInfo; job: JobSnapshot } | undefined;
  findAsset(key: string): { location: CodeLocationInfo; asset: AssetSnapshot } | undefined;
  findSchedule(name: string): { location: CodeLocationInfo; schedule: ScheduleSnapshot } | undefined;
  findSensor(name: string): { location: CodeLocationInfo; sensor: SensorSnapshot } | undefined;
  /** Restarts the location's code server, so edits to its files are picked up. */
  reload(name: string): Promise<CodeLocationInfo>;
  /** Asks the code server for a fresh snapshot (and stores it). */
  describe(name: string): Promise<DefinitionsSnapshot>;
  validateConfig(location: string, target: RunTarget, config: unknown): Promise<ConfigValidation>;
  evaluateSchedule(location: string, schedule: string, scheduledTime: Date | string): Promise<ScheduleEvaluation>;
  evaluateSensor(
    location: string,
    sensor: string,
    cursor: string | null,
    options?: Pick<SensorEvaluationParams, "lastRunKey" | "run"> & { lastTickAt?: Date | string | null },
  ): Promise<SensorEvaluation>;
  /** Called with a location's new state whenever its status, error or snapshot changes. Returns unsubscribe. */
  onChange(listener: (location: CodeLocationInfo) => void): () => void;
  /** Kills every code server. */
  dispose(): Promise<void>;
}

/** What the manager keeps per location: what it shows, plus its code server and load in flight. */
interface Entry extends CodeLocationInfo {
  server?: CodeServerProcess;
  /** The latest load; requests wait for it. */
  loading: Promise<void>;
  generation: number;
}

export function createCodeLocationManager(options: CodeLocationManagerOptions): CodeLocationManager {
  const cwd = options.cwd ?? process.cwd();
  const describeMs = options.timeouts?.describeMs ?? 30_000;
  const evaluateMs = options.timeouts?.evaluateMs ?? 10_000;
  const listeners = new Set<(location: CodeLocationInfo) => void>();
  const entries = new Map<string, Entry>();
  let disposed = false;

  for (const spec of options.locations) {
    const file = path.resolve(cwd, spec.file);
    const name = spec.name ?? defaultLocationName(file);
    const existing = entries.get(name);
    if (existing) throw new DuplicateCodeLocationError(name, [existing.file, file]);
    entries.set(name, { name, file, status: "LOADING", loading: Promise.resolve(), generation: 0 });
  }

  function info(entry: Entry): CodeLocationInfo {
    const out: CodeLocationInfo = { name: entry.name, file: entry.file, status: entry.status };
    if (entry.error) out.error = entry.error;
    if (entry.snapshot) out.snapshot = entry.snapshot;
    if (entry.loadedAt) out.loadedAt = entry.loadedAt;
    if (entry.version) out.version = entry.version;
    return out;
  }

  function update(entry: Entry, patch: Partial<Pick<Entry, "status" | "error" | "snapshot" | "loadedAt" | "version">>): void {
    Object.assign(entry, patch);
    if ("error" in patch && patch.error === undefined) delete entry.error;
    const snapshot = info(entry);
    for (const listener of listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        console.error(`code location listener failed on "${entry.name}":`, error);
      }
    }
  }

  function entryOf(name: string): Entry {
    const entry = entries.get(name);
    if (!entry) throw new CodeLocationNotFoundError(name, [...entries.keys()]);
    return entry;
  }

  /**
   * Replaces the entry's child with a fresh one and describes it. A "restart" (after a timeout)
   * keeps the location LOADED while it happens; a reload shows LOADING.
   */
  function load(entry: Entry, mode: "load" | "restart"): Promise<void> {
    const generation = ++entry.generation;
    const previous = entry.server;
    entry.server = undefined;
    const run = async () => {
      if (previous) await previous.kill();
      if (disposed || entry.generation !== generation) return;
      if (mode === "load") update(entry, { status: "LOADING" });
      const server = new CodeServerProcess({
        location: entry.name,
        file: entry.file,
        cwd,
        nodeArgs: options.nodeArgs,
        env: options.env,
        onOutput: options.onOutput && ((stream, text) => options.onOutput!(entry.name, stream, text)),
      });
      entry.server = server;
      void server.exited.then((exit) => {
        if (exit.killed || entry.server !== server) return;
        entry.server = undefined;
        const error = new CodeServerExitedError(entry.name, exit.exitCode, exit.signal, exit.outputTail);
        update(entry, { status: "ERROR", error: { message: error.message } });
      });
      try {
        const snapshot = await server.call("describe", {}, describeMs);
        if (entry.generation !== generation) return;
        const loadedAt = new Date();
        update(entry, { status: "LOADED", error: undefined, snapshot, loadedAt, version: `${loadedAt.getTime()}.${generation}` });
      } catch (error) {
        if (entry.generation !== generation) return;
        entry.server = undefined;
        void server.kill();
        update(entry, { status: "ERROR", error: toLocationError(error), snapshot: undefined });
      }
    };
    entry.loading = run();
    return entry.loading;
  }

  /** Sends one request to a LOADED location; on timeout the child is replaced so the next call works. */
  async function call<M extends CodeServerMethod>(
    name: string,
    method: M,
    params: CodeServerMethods[M]["params"],
    timeoutMs: number,
  ): Promise<CodeServerMethods[M]["result"]> {
    const entry = entryOf(name);
    // A reload may start while we wait for the previous one; wait for the newest.
    for (let loading = entry.loading; ; loading = entry.loading) {
      await loading;
      if (loading === entry.loading) break;
    }
    const server = entry.server;
    if (entry.status !== "LOADED" || !server) {
      throw new CodeLocationUnavailableError(name, entry.error?.message ?? `its status is ${entry.status}`);
    }
    try {
      return await server.call(method, params, timeoutMs);
    } catch (error) {
      if (error instanceof CodeServerTimeoutError && entry.server === server && !disposed) void load(entry, "restart");
      throw error;
    }
  }

  function findIn<T>(
    pick: (snapshot: DefinitionsSnapshot) => T | undefined,
  ): { location: CodeLocationInfo; found: T } | undefined {
    for (const entry of entries.values()) {
      if (entry.status !== "LOADED" || !entry.snapshot) continue;
      const found = pick(entry.snapshot);
      if (found !== undefined) return { location: info(entry), found };
    }
    return undefined;
  }

  return {
    async start() {
      await Promise.all([...entries.values()].map((entry) => load(entry, "load")));
    },

    list: () => [...entries.values()].map(info),

    get(name) {
      const entry = entries.get(name);
      return entry && info(entry);
    },

    findJob(jobName) {
      const hit = findIn((s) => s.jobs.find((j) => j.name === jobName));
      return hit && { location: hit.location, job: hit.found };
    },

    findAsset(key) {
      const hit = findIn((s) => s.assets.find((a) => a.key === key));
      return hit && { location: hit.location, asset: hit.found };
    },

    findSchedule(name) {
      const hit = findIn((s) => s.schedules.find((x) => x.name === name));
      return hit && { location: hit.location, schedule: hit.found };
    },

    findSensor(name) {
      const hit = findIn((s) => s.sensors.find((x) => x.name === name));
      return hit && { location: hit.location, sensor: hit.found };
    },

    async reload(name) {
      const entry = entryOf(name);
      await load(entry, "load");
      return info(entry);
    },

    async describe(name) {
      const snapshot = await call(name, "describe", {}, describeMs);
      const entry = entryOf(name);
      update(entry, { snapshot });
      return snapshot;
    },

    validateConfig: (location, target, config) => call(location, "validateConfig", { target, config }, evaluateMs),

    evaluateSchedule: (location, schedule, scheduledTime) =>
      call(location, "evaluateSchedule", { name: schedule, scheduledTime: toIso(scheduledTime) }, evaluateMs),

    evaluateSensor: (location, sensor, cursor, evaluation = {}) =>
      call(
        location,
        "evaluateSensor",
        {
          name: sensor,
          cursor,
          lastTickAt: evaluation.lastTickAt ? toIso(evaluation.lastTickAt) : null,
          lastRunKey: evaluation.lastRunKey ?? null,
          run: evaluation.run ?? null,
        },
        evaluateMs,
      ),

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose() {
      disposed = true;
      listeners.clear();
      await Promise.all(
        [...entries.values()].map(async (entry) => {
          entry.generation++;
          const server = entry.server;
          entry.server = undefined;
          await server?.kill();
        }),
      );
    },
  };
}

function toIso(time: Date | string): string {
  return typeof time === "string" ? new Date(time).toISOString() : time.toISOString();
}

function toLocationError(error: unknown): CodeLocationError {
  if (error instanceof CodeServerCallError) {
    // A load error's own message already names the file; a describe bug gets the location's context.
    const out: CodeLocationError = {
      message: error.phase === "load" ? error.message.replace(/^Code location "[^"]*" failed in describe: /, "") : error.message,
      stack: error.remoteStack,
    };
    if (error.file) out.file = error.file;
    if (error.line !== undefined) out.line = error.line;
    if (error.column !== undefined) out.column = error.column;
    return out;
  }
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}
