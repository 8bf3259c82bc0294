// The deployment configuration: weir.config.ts, then WEIR_* environment variables, then flags (each wins
// over the one before). Validated with zod so a typo is reported with its path, not ignored.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { assertWorkerEnvSettings } from "@weir/launchers";
import { isLauncherKind, LAUNCHER_KINDS } from "@weir/launchers/kinds";
import { z } from "zod";
import { DEFAULT_EVENT_SINK_LIMITS } from "../events/eventSink.ts";
import { tagConcurrencyLimitSchema } from "../runs/queueLimits.ts";

export { LAUNCHER_KINDS };

const launcherSchema = z.union([
  z.enum(LAUNCHER_KINDS).transform((kind) => ({ kind, options: {} as Record<string, unknown> })),
  z.object({ kind: z.enum(LAUNCHER_KINDS), options: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ module: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }),
]);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/** What user code (run workers, code servers) gets of the server's environment beyond the base allowlist. */
const workerEnvSchema = z
  .object({
    /** Names, or `PREFIX_*` patterns, copied from the server's environment. */
    pass: z.array(z.string().regex(ENV_NAME, "must be an environment variable name, or a prefix ending in *")).default([]),
    /** Fixed values. */
    set: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"), z.string()).default({}),
  })
  .superRefine((value, ctx) => {
    try {
      assertWorkerEnvSettings(value, "workerEnv");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  })
  .prefault({});

export const weirConfigSchema = z.object({
  instanceDir: z.string().default(".weir"),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .nullish(),
  host: z.string().default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(3000),
  webPort: z.number().int().min(0).max(65535).default(3001),
  launcher: launcherSchema.default({ kind: "in-process", options: {} }),
  locations: z.array(z.object({ name: z.string().min(1).optional(), file: z.string().min(1) })).default([]),
  /** Run queue limits; those set through the API (setRunQueueLimits) win until reset. */
  runQueue: z
    .object({
      maxConcurrentRuns: z.number().int().min(0).default(10),
      tagConcurrencyLimits: z.array(tagConcurrencyLimitSchema).default([]),
      /** The safety sweep for startable runs no notification announced. */
      sweepIntervalMs: z.number().int().positive().default(5000),
    })
    .prefault({}),
  /** The daemon: run queue, schedules, sensors, run monitor. */
  daemon: z
    .object({
      /**
       * Whether this process runs the daemon. Unset: `weir dev` and `weir daemon` do; `weir server` does only
       * on the embedded store (no other process could). WEIR_DAEMON=on|off or --with-daemon set it.
       */
      enabled: z.boolean().optional(),
      heartbeatIntervalMs: z.number().int().positive().default(5000),
      /** Missed schedule ticks launched after downtime (the newest ones); older missed ticks are SKIPPED. */
      maxCatchUpTicks: z.number().int().min(0).default(5),
      /** How often a daemon re-reads which schedules and sensors run (a signal also wakes it at once). */
      reconcileIntervalMs: z.number().int().positive().default(2000),
    })
    .prefault({}),
  /**
   * The event sink's memory bounds. While the database is unreachable, events wait in memory up to
   * maxBufferedEvents / maxBufferedBytes (all runs together); a run whose event does not fit fails with
   * that reason. An event larger than maxEventBytes (message and data) is stored truncated.
   */
  eventSink: z
    .object({
      maxBufferedEvents: z.number().int().positive().default(DEFAULT_EVENT_SINK_LIMITS.maxBufferedEvents),
      maxBufferedBytes: z.number().int().positive().default(DEFAULT_EVENT_SINK_LIMITS.maxBufferedBytes),
      maxEventBytes: z.number().int().min(4096).default(DEFAULT_EVENT_SINK_LIMITS.maxEventBytes),
    })
    .prefault({}),
  /** Who may call the API from a browser, and by which names (see http/requestGuard.ts). */
  http: z
    .object({
      /** Origins of other sites whose pages may call the API, e.g. "https://dash.example.com". */
      allowedOrigins: z
        .array(
          z
            .string()
            .refine((v) => URL.canParse(v) && new URL(v).origin === v, "must be an origin: scheme://host[:port], no path"),
        )
        .default([]),
      /** Host names (or host:port) the API answers to besides loopback ones; on a loopback address, only these. */
      allowedHosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** The docker launcher's guard rails, whatever its options say. */
  docker: z
    .object({
      /**
       * Images a run may pick with the weir/docker/image tag (exact names, or prefixes ending in *); the
       * launcher's default image is always allowed. Unset: any image.
       */
      allowedImages: z.array(z.string().min(1)).optional(),
    })
    .prefault({}),
  /** What run workers and code servers inherit (never the whole environment: it holds the server's secrets). */
  workerEnv: workerEnvSchema,
  /** The run monitor: how often it checks workers, and how long a run may stay STARTING or CANCELING. */
  runMonitor: z
    .object({
      intervalMs: z.number().int().positive().default(5000),
      startTimeoutMs: z.number().int().positive().default(60_000),
      cancelTimeoutMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
});

export type WeirConfigInput = z.input<typeof weirConfigSchema>;
export type WeirConfig = z.output<typeof weirConfigSchema>;
export type LauncherConfig = WeirConfig["launcher"];

/** Typed helper for weir.config.ts files. */
export function defineConfig(config: WeirConfigInput): WeirConfigInput {
  return config;
}

export class ConfigError extends Error {
  constructor(source: string, issues: z.core.$ZodIssue[] | string) {
    const detail =
      typeof issues === "string" ? issues : issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    super(`invalid Weir configuration in ${source}: ${detail}`);
    this.name = "ConfigError";
  }
}

export interface ConfigFlags {
  config?: string;
  definitions?: string[];
  instance?: string;
  port?: string;
  webPort?: string;
  host?: string;
  launcher?: string;
  /** Run the daemon in this process (`weir server --with-daemon`). */
  withDaemon?: boolean;
}

function launcherFromString(value: string): WeirConfigInput["launcher"] {
  return isLauncherKind(value) ? value : { module: value };
}

function portFrom(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(source, `port "${value}" is not a number between 0 and 65535`);
  return port;
}

async function readConfigFile(file: string): Promise<WeirConfigInput> {
  const { tsImport } = await import("tsx/esm/api");
  let mod: { default?: unknown };
  try {
    mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(file, `could not load it: ${(error as Error).message}`);
  }
  const value = (mod.default as { default?: unknown } | undefined)?.default ?? mod.default;
  if (!value || typeof value !== "object") throw new ConfigError(file, "its default export must be a config object");
  return value as WeirConfigInput;
}

/** Resolves the effective config from the file, the environment and the flags. Paths resolve against cwd. */
export async function resolveConfig(
  flags: ConfigFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<WeirConfig> {
  const file = flags.config ?? env.WEIR_CONFIG ?? (existsSync(resolve(cwd, "weir.config.ts")) ? "weir.config.ts" : undefined);
  const base: WeirConfigInput = file ? await readConfigFile(resolve(cwd, file)) : {};
  const merged: WeirConfigInput = { ...base };

  if (env.WEIR_INSTANCE) merged.instanceDir = env.WEIR_INSTANCE;
  if (env.WEIR_DATABASE_URL) merged.databaseUrl = env.WEIR_DATABASE_URL;
  if (env.WEIR_HOST) merged.host = env.WEIR_HOST;
  merged.port = portFrom(env.WEIR_PORT, "WEIR_PORT") ?? merged.port;
  if (env.WEIR_LAUNCHER) merged.launcher = launcherFromString(env.WEIR_LAUNCHER);
  if (env.WEIR_DAEMON) {
    if (!["on", "off", "1", "0", "true", "false"].includes(env.WEIR_DAEMON))
      throw new ConfigError("WEIR_DAEMON", `expected on or off, got "${env.WEIR_DAEMON}"`);
    merged.daemon = { ...merged.daemon, enabled: ["on", "1", "true"].includes(env.WEIR_DAEMON) };
  }

  if (flags.instance) merged.instanceDir = flags.instance;
  if (flags.host) merged.host = flags.host;
  merged.port = portFrom(flags.port, "--port") ?? merged.port;
  merged.webPort = portFrom(flags.webPort, "--web-port") ?? merged.webPort;
  if (flags.launcher) merged.launcher = launcherFromString(flags.launcher);
  if (flags.withDaemon) merged.daemon = { ...merged.daemon, enabled: true };
  if (flags.definitions?.length) merged.locations = flags.definitions.map((f) => ({ file: f }));

  const parsed = weirConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(file ?? "flags and environment", parsed.error.issues);
  const config = parsed.data;
  config.instanceDir = resolve(cwd, config.instanceDir);
  config.locations = config.locations.map((l) => ({ ...l, file: resolve(cwd, l.file) }));
  return config;
}
