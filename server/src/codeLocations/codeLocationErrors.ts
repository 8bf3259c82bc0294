// Errors of the code location layer. Each names the location (and method, file or line) it is about,
// because the API shows them to a user who has several locations.
import type { CodeServerErrorPayload, CodeServerMethod } from "./codeServerProtocol.ts";

/** User code threw while answering a request (or the module failed to load). */
export class CodeServerCallError extends Error {
  override name = "CodeServerCallError";
  readonly phase: "load" | "call";
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly remoteName: string;
  readonly remoteStack?: string;

  constructor(
    readonly location: string,
    readonly method: CodeServerMethod,
    payload: CodeServerErrorPayload,
  ) {
    super(`Code location "${location}" failed in ${method}: ${payload.message}`);
    this.phase = payload.phase;
    this.file = payload.file;
    this.line = payload.line;
    this.column = payload.column;
    this.remoteName = payload.name;
    this.remoteStack = payload.stack;
  }
}

export class CodeServerTimeoutError extends Error {
  override name = "CodeServerTimeoutError";
  constructor(
    readonly location: string,
    readonly method: CodeServerMethod,
    readonly timeoutMs: number,
  ) {
    super(`Code location "${location}" did not answer ${method} within ${timeoutMs} ms; its code server was restarted`);
  }
}

/** The child died (or was killed) while a request was in flight. */
export class CodeServerExitedError extends Error {
  override name = "CodeServerExitedError";
  constructor(
    readonly location: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly outputTail: string,
    reason?: string,
  ) {
    const how = signal ? `signal ${signal}` : `exit code ${exitCode}`;
    const tail = outputTail.trim() ? `\n--- last output ---\n${outputTail.trimEnd().split("\n").slice(-20).join("\n")}` : "";
    super(`${reason ?? `Code server of location "${location}" exited unexpectedly`} (${how})${tail}`);
  }
}

/** The location exists but is not LOADED (it failed to load, or is still loading and failed). */
export class CodeLocationUnavailableError extends Error {
  override name = "CodeLocationUnavailableError";
  constructor(
    readonly location: string,
    detail: string,
  ) {
    super(`Code location "${location}" is not available: ${detail}`);
  }
}

export class CodeLocationNotFoundError extends Error {
  override name = "CodeLocationNotFoundError";
  constructor(
    readonly location: string,
    known: string[],
  ) {
    super(`No code location named "${location}" (known: ${known.length ? known.join(", ") : "none"})`);
  }
}

export class DuplicateCodeLocationError extends Error {
  override name = "DuplicateCodeLocationError";
  constructor(
    readonly location: string,
    files: string[],
  ) {
    super(
      `Two code locations are named "${location}" (${files.join(" and ")}); give one a different name ` +
        `(e.g. { name: "other", file }) or rename its directory`,
    );
  }
}
