// What describe() may show of a launcher's settings: the API's `instance { launcher }` is readable by
// any viewer, so values that look like credentials are replaced before they leave the launcher.
import { SERVER_SECRET_ENV } from "./workerEnvironment.ts";

const SECRET_NAME = /secret|token|passw|pwd|key|credential|auth|private|cert|session|cookie|dsn|database_url/i;

export const REDACTED = "<redacted>";

/** Env values are shown unless the name looks secret or the value carries credentials (user:pass@). */
export function redactEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      SECRET_NAME.test(name) || /:\/\/[^/\s]*:[^/\s]*@/.test(value) ? REDACTED : value,
    ]),
  );
}

/** A secret setting: whether it is set, never its value. */
export function redactSecret(value: string | undefined): string | null {
  return value ? REDACTED : null;
}

/** `text` with every value of the server's secret variables (and a database URL's password) masked. */
export function redactServerSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of SERVER_SECRET_ENV) {
    const value = env[name];
    // Short values would mask innocent text; secrets are long.
    if (!value || value.length < 8) continue;
    out = out.split(value).join(REDACTED);
    const password = /:\/\/[^/\s:@]*:([^/\s@]+)@/.exec(value)?.[1];
    if (password && password.length >= 4) out = out.split(password).join(REDACTED);
  }
  return out;
}
