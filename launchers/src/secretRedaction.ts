// What describe() may show of a launcher's settings: the API's `instance { launcher }` is readable by
// any viewer, so values that look like credentials are replaced before they leave the launcher.

const SECRET_NAME = /secret|token|passw|pwd|key|credential|auth|private|cert|session|cookie|dsn|database_url/i;

export const REDACTED = "<redacted>";

/** Env values are shown unless the name looks secret or the value carries credentials (user:pass@). */
export function redactEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, SECRET_NAME.test(name) || /:\/\/[^/\s]*:[^/\s]*@/.test(value) ? REDACTED : value]),
  );
}

/** A secret setting: whether it is set, never its value. */
export function redactSecret(value: string | undefined): string | null {
  return value ? REDACTED : null;
}
