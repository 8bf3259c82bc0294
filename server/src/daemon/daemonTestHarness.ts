// For the daemon tests: a Weir instance with the daemon on a fresh database of either kind, running the
// daemon test location; `weir daemon` child processes; bounded waits on the store (where nothing pushes a
// notification).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { pino } from "pino";
import { createTestDatabaseUrl, type StoreKind } from "../../test/databases.ts";
import { WEIR_BIN } from "../../test/weirProcess.ts";
import { weirConfigSchema, type WeirConfigInput } from "../config/weirConfig.ts";
import { startWeirInstance, type StartInstanceOptions, type WeirInstance } from "../instance/weirInstance.ts";

export const DAEMON_LOCATION = fileURLToPath(new URL("./fixtures/daemonLocation.ts", import.meta.url));

export interface DaemonTestInstance {
  instance: WeirInstance;
  instanceDir: string;
  databaseUrl: string | null;
  close(): Promise<void>;
}

export interface DaemonTestOptions extends Partial<WeirConfigInput> {
  kind: StoreKind;
  /** Reuse a database (a restart): the instanceDir (PGlite) or URL (PostgreSQL) of an earlier instance. */
  reuse?: { instanceDir: string; databaseUrl: string | null };
  start?: StartInstanceOptions;
}

export async function startDaemonTestInstance(options: DaemonTestOptions): Promise<DaemonTestInstance> {
  const { kind, reuse, start, ...overrides } = options;
  const instanceDir = reuse?.instanceDir ?? mkdtempSync(join(tmpdir(), "weir-daemon-test-"));
  const databaseUrl = reuse ? reuse.databaseUrl : kind === "postgres" ? await createTestDatabaseUrl() : null;
  const config = weirConfigSchema.parse({
    instanceDir,
    databaseUrl,
    port: 0,
    locations: [{ file: DAEMON_LOCATION }],
    ...overrides,
    daemon: { heartbeatIntervalMs: 500, reconcileIntervalMs: 500, ...overrides.daemon },
  });
  const instance = await startWeirInstance(config, {
    log: pino({ level: process.env.WEIR_TEST_LOG_LEVEL ?? "silent" }),
    ...start,
  });
  return {
    instance,
    instanceDir,
    databaseUrl,
    async close() {
      await instance.close({ graceMs: 5000 });
    },
  };
}

/** This process as `weir server` on a PostgreSQL database: it launches and watches runs, and runs no daemon. */
export function startServerWithoutDaemon(databaseUrl: string, instanceDir: string): Promise<WeirInstance> {
  const config = weirConfigSchema.parse({
    instanceDir,
    databaseUrl,
    locations: [{ file: DAEMON_LOCATION }],
    daemon: { enabled: false },
  });
  return startWeirInstance(config, { log: pino({ level: "silent" }) });
}

export function removeInstanceDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface DaemonProcess {
  child: ChildProcess;
  /** The id it runs as (from its "weir daemon running as ID on ..." line). */
  daemonId: string;
  stderr(): string;
}

/** Starts `weir daemon` on the daemon test location; resolves once it says it runs. */
export async function startDaemonProcess(
  databaseUrl: string,
  instanceDir: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<DaemonProcess> {
  const args = [WEIR_BIN, "daemon", "--definitions", DAEMON_LOCATION, "--instance", instanceDir, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, WEIR_DATABASE_URL: databaseUrl, WEIR_LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const daemonId = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^weir daemon running as (\S+) on /.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`weir daemon exited with ${code} before it ran:\n${stderr}`)));
  });
  return { child, daemonId, stderr: () => stderr };
}

/** Stops a daemon process with `signal` (default SIGINT, a clean stop); resolves with its exit code. */
export async function stopDaemonProcess(d: DaemonProcess, signal: NodeJS.Signals = "SIGINT"): Promise<number | null> {
  if (d.child.exitCode !== null || d.child.signalCode !== null) return d.child.exitCode;
  const exited = once(d.child, "exit");
  d.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}
