// One process owns an embedded (PGlite) instance: PGlite takes no lock of its own, and two processes
// opening one data directory silently diverge. The lock is a file created exclusively, holding the
// holder's pid, its start time (from /proc) and a random token of the holding process. A pid alone is
// not enough: a restarted container often gets the same pid as the one that left the lock behind, and
// a pid may be reused by an unrelated process.
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export class InstanceLockedError extends Error {
  constructor(
    readonly instanceDir: string,
    readonly holderPid: number,
  ) {
    super(
      `instance ${instanceDir} is in use by process ${holderPid} (another weir dev?): stop it, or pass --instance DIR to use another instance directory`,
    );
    this.name = "InstanceLockedError";
  }
}

export interface InstanceLock {
  path: string;
  release(): void;
}

/** What a lock file says about its holder. Files of older versions hold only the pid. */
export interface LockHolder {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/PID/stat field 22); null where unknown. */
  startTime: string | null;
  /** Random per process: tells this process apart from an earlier one that had the same pid. */
  token: string | null;
}

/** This process's token; a lock with our pid but another token was left by an earlier process. */
const PROCESS_TOKEN = randomUUID();

/** A process's start time from /proc, or null (not Linux, or no such process). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string): LockHolder | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null, token: null };
  try {
    const parsed = JSON.parse(trimmed) as Partial<LockHolder>;
    if (!Number.isInteger(parsed.pid) || (parsed.pid as number) <= 0) return undefined;
    return { pid: parsed.pid as number, startTime: parsed.startTime ?? null, token: parsed.token ?? null };
  } catch {
    return undefined;
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return parseHolder(readFileSync(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Whether the process a lock file names still holds it. */
export function holderIsLive(holder: LockHolder): boolean {
  // Our own pid: held only if this very process wrote it (same token); otherwise an earlier process
  // with our pid (a restarted container) left it behind.
  if (holder.pid === process.pid) return holder.token === PROCESS_TOKEN;
  if (!isAlive(holder.pid)) return false;
  // Alive, but maybe a reused pid: a recorded start time must match the running process's.
  const startTime = holder.startTime === null ? null : processStartTime(holder.pid);
  return holder.startTime === null || startTime === null || startTime === holder.startTime;
}

export function acquireInstanceLock(instanceDir: string): InstanceLock {
  const path = join(instanceDir, "db.lock");
  const ours: LockHolder = { pid: process.pid, startTime: processStartTime(process.pid), token: PROCESS_TOKEN };
  const isOurs = (holder: LockHolder | undefined) => holder?.pid === ours.pid && holder.token === ours.token;
  // A few rounds: a stale lock removed here may be re-created by another process racing us.
  for (let round = 0; round < 5; round++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, `${JSON.stringify(ours)}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        path,
        release() {
          // Only remove the file if it is still ours (a takeover may have replaced it).
          if (isOurs(readHolder(path))) {
            try {
              unlinkSync(path);
            } catch {
              // already gone
            }
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new Error(`cannot create instance lock ${path}: ${(error as Error).message}`, { cause: error });
      }
    }
    const holder = readHolder(path);
    if (holder !== undefined && holderIsLive(holder)) throw new InstanceLockedError(instanceDir, holder.pid);
    // Stale (holder gone, or another process now has its pid) or unreadable (holder crashed
    // mid-write): take it over.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  throw new Error(`cannot acquire instance lock ${path}: it keeps changing hands`);
}
