// Small op outputs of a run, appended to one file per run (<storage>/runs/<runId>/outputs.log) instead of
// one file each: creating and renaming a file per step costs far more than the step itself for small
// steps. Only later runs (re-executions) read it, after this run's final event.
// A record is a header line `<stepKey as JSON> <byte length>\n`, the value's bytes, then "\n".
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";

const MAX_OPEN_LOGS = 256;

export class RunOutputLogs {
  private readonly open = new Map<string, number>();

  append(logPath: string, stepKey: string, bytes: Buffer): void {
    let fd = this.open.get(logPath);
    if (fd === undefined) {
      if (this.open.size >= MAX_OPEN_LOGS) this.closeAll();
      mkdirSync(dirname(logPath), { recursive: true });
      fd = openSync(logPath, "a");
      this.open.set(logPath, fd);
    }
    const header = Buffer.from(`${JSON.stringify(stepKey)} ${bytes.length}\n`);
    // One write per record: appends of one process never interleave within a record.
    writeSync(fd, Buffer.concat([header, bytes, NEWLINE]));
  }

  /** Closes the open logs; the next append reopens its log. */
  closeAll(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
  }
}

const NEWLINE = Buffer.from("\n");

/** The bytes stored for a step in a run's log (the last record wins), or undefined when there is none. */
export function readRunOutput(logPath: string, stepKey: string): Buffer | undefined {
  let log: Buffer;
  try {
    log = readFileSync(logPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const wanted = JSON.stringify(stepKey);
  let found: Buffer | undefined;
  let at = 0;
  while (at < log.length) {
    const lineEnd = log.indexOf(0x0a, at);
    if (lineEnd < 0) break;
    const header = log.toString("utf8", at, lineEnd);
    const space = header.lastIndexOf(" ");
    const length = Number(header.slice(space + 1));
    const start = lineEnd + 1;
    // A record cut short (the writer died mid-write) ends the readable log.
    if (space < 0 || !Number.isInteger(length) || start + length > log.length) break;
    if (header.slice(0, space) === wanted) found = log.subarray(start, start + length);
    at = start + length + 1;
  }
  return found;
}
