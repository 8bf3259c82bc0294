// One process owns an embedded (PGlite) instance: PGlite takes no lock of its own, and two processes
// opening one data directory silently diverge. The lock is a file created exclusively, holding the pid.
import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";

export class InstanceLockedError extends Error {
  constructor(
    readonly instanceDir: string,
    readonly holderPid: number,
  ) {
    super(`instance ${instanceDir} is in use by process ${holderPid} (weir dev?); stop it or use another --instance`);
    this.name = "InstanceLockedError";
  }
}

export interface InstanceLock {
  path: string;
  release(): void;
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

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function acquireInstanceLock(instanceDir: string): InstanceLock {
  const path = join(instanceDir, "db.lock");
  // A few rounds: a stale lock removed here may be re-created by another process racing us.
  for (let round = 0; round < 5; round++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        path,
        release() {
          // Only remove the file if it is still ours (a takeover may have replaced it).
          if (readHolder(path) === process.pid) {
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
    if (holder !== undefined && isAlive(holder)) throw new InstanceLockedError(instanceDir, holder);
    // Stale (holder died without cleaning up) or empty (holder crashed mid-write): take it over.
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  throw new Error(`cannot acquire instance lock ${path}: it keeps changing hands`);
}
