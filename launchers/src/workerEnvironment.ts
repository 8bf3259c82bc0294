// The environment user code gets. Workers and code servers run user code, so they must not inherit the
// server's own: WEIR_DATABASE_URL would hand them the whole store, WEIR_ADMIN_TOKEN the whole API. They
// get a short allowlist of what node and common libraries need, plus what the deployment names.

/** What the deployment adds: `workerEnv` in weir.config.ts. */
export interface WorkerEnvSettings {
  /** Names (or `PREFIX_*` patterns) copied from the server's environment when set there. */
  pass?: string[];
  /** Fixed values. */
  set?: Record<string, string>;
}

/** The server's secrets: never copied into user code's environment, whatever the settings say (also masked by secretRedaction.ts). */
export const SERVER_SECRET_ENV = ["WEIR_DATABASE_URL", "WEIR_ADMIN_TOKEN", "WEIR_TOKEN"] as const;

/** What a node process on this host needs to behave like the server's (paths, locale, time zone, node flags). */
export const BASE_WORKER_ENV = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "TZ",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TMPDIR",
  "TEMP",
  "TMP",
  "TERM",
  "NO_COLOR",
  "FORCE_COLOR",
  "NODE_OPTIONS",
  "NODE_PATH",
  "NODE_ENV",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "SYSTEMROOT",
] as const;

export function isServerSecretEnv(name: string): boolean {
  return (SERVER_SECRET_ENV as readonly string[]).includes(name);
}

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** Refuses settings that would hand user code the server's secrets; the message names the setting. */
export function assertWorkerEnvSettings(settings: WorkerEnvSettings, where: string): void {
  for (const name of [...(settings.pass ?? []), ...Object.keys(settings.set ?? {})]) {
    const secret = SERVER_SECRET_ENV.find((s) => matches(name, s));
    if (secret)
      throw new Error(
        `${where}: ${name} would give user code the server's ${secret}; it is never passed to workers or code servers`,
      );
  }
}

/**
 * The environment for a process running user code: the base allowlist (unless `base` is false, as in a
 * container whose image has its own PATH and HOME), the names in `pass` found in `parent`, then `set`.
 */
export function workerEnvironment(
  settings: WorkerEnvSettings = {},
  { base = true, parent = process.env } = {},
): Record<string, string> {
  assertWorkerEnvSettings(settings, "worker environment");
  const patterns = [...(base ? BASE_WORKER_ENV : []), ...(settings.pass ?? [])];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !isServerSecretEnv(name) && patterns.some((p) => matches(p, name))) env[name] = value;
  }
  return { ...env, ...settings.set };
}
