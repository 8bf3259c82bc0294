// Whether the API asks for tokens. Off by default only for `weir dev` on a loopback address; an open
// API on any other address needs an explicit --insecure.
import { isIP } from "node:net";
import { hashToken } from "./apiTokens.ts";

export interface AuthSettings {
  enabled: boolean;
  /** sha256 of WEIR_ADMIN_TOKEN: a bootstrap admin token that lives only in the environment. */
  adminTokenHash: string | null;
  /** Explicitly allowed to serve without auth on a non-loopback address. */
  insecure: boolean;
}

export const AUTH_DISABLED: AuthSettings = { enabled: false, adminTokenHash: null, insecure: false };

export class InsecureListenError extends Error {
  constructor(host: string) {
    super(
      `refusing to serve the API on ${host} without authentication: anyone who can reach it could launch and delete runs. ` +
        "Turn auth on (the default for `weir server`; create a token with `weir tokens create --admin --instance DIR` or set WEIR_ADMIN_TOKEN), " +
        "or pass --insecure to serve it open anyway",
    );
    this.name = "InsecureListenError";
  }
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^::ffff:127\./i.test(bare);
  return false;
}

export interface AuthFlags {
  /** --auth on|off (or WEIR_AUTH). */
  auth?: string;
  insecure?: boolean;
}

export function resolveAuthSettings(
  mode: "dev" | "server",
  host: string,
  flags: AuthFlags,
  env: NodeJS.ProcessEnv = process.env,
): AuthSettings {
  const insecure = flags.insecure ?? ["1", "true"].includes(env.WEIR_INSECURE ?? "");
  const explicit = flags.auth ?? env.WEIR_AUTH;
  if (explicit !== undefined && !["on", "off"].includes(explicit))
    throw new Error(`--auth must be "on" or "off", got "${explicit}"`);
  const enabled = explicit ? explicit === "on" : insecure ? false : !(mode === "dev" && isLoopbackHost(host));
  const adminToken = env.WEIR_ADMIN_TOKEN;
  const settings: AuthSettings = { enabled, adminTokenHash: adminToken ? hashToken(adminToken) : null, insecure };
  assertListenAllowed(settings, host);
  return settings;
}

export function assertListenAllowed(settings: AuthSettings, host: string): void {
  if (!settings.enabled && !settings.insecure && !isLoopbackHost(host)) throw new InsecureListenError(host);
}
