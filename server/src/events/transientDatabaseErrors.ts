// Which database errors pass with time (a restart, a failover, a lost connection, a deadlock), so the
// event sink keeps retrying them without limit, and which say something about the data, so retrying the
// same statement cannot help.

/** SQLSTATE classes and codes that a later attempt can succeed after. */
const TRANSIENT_SQLSTATE = [
  /^08/, // connection exception
  /^53/, // insufficient resources (too many connections, out of memory, disk full)
  /^57/, // operator intervention: admin shutdown, crash shutdown, cannot connect now, query canceled
  /^40001$/, // serialization failure
  /^40P01$/, // deadlock detected
  /^55P03$/, // lock not available
  /^58/, // system error (I/O)
];

/** Node socket errors: the server is restarting, unreachable or dropped the connection. */
const TRANSIENT_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

/** Messages of node-postgres errors that carry no code. */
const TRANSIENT_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|client has encountered a connection error|not queryable|connection ended/i;

export function isTransientDatabaseError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE.some((p) => p.test(code)))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && TRANSIENT_MESSAGE.test(message)) return true;
  }
  return false;
}
