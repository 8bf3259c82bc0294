// A subprocess worker's check that the server that started it is still alive. When the server dies
// without a chance to stop its workers (SIGKILL, OOM), the worker is reparented and nobody reads its
// events: left alone it would keep running user code until its next write to the broken pipe, and a
// restarted server cannot find it. The launcher names its pid in WEIR_PARENT_PID; the worker polls it.

/** The environment variable through which a launcher names the process whose death ends the worker. */
export const PARENT_PID_ENV = "WEIR_PARENT_PID";

export interface ParentWatchOptions {
  /** The server's pid, as the launcher gave it. */
  parentPid: number;
  /** Called once, when the parent is gone. */
  onGone(reason: string): void;
  intervalMs?: number;
  /** The current parent pid (process.ppid); a parameter for tests. */
  currentParentPid?: () => number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: it exists but belongs to someone else (the pid was reused): not our parent any more.
    return false;
  }
}

/** Why the parent counts as gone, or undefined while it lives. */
export function parentGoneReason(parentPid: number, currentParentPid: number): string | undefined {
  // Reparented (to init or a subreaper): the parent died, even if its pid was since reused.
  if (currentParentPid !== parentPid)
    return `the server process ${parentPid} that started this worker is gone (reparented to ${currentParentPid})`;
  if (!isAlive(parentPid)) return `the server process ${parentPid} that started this worker is gone`;
  return undefined;
}

/** Polls the parent until it is gone; returns a function that stops watching. The timer never keeps the worker alive. */
export function watchParent(options: ParentWatchOptions): () => void {
  const { parentPid, onGone, intervalMs = 500, currentParentPid = () => process.ppid } = options;
  const timer = setInterval(() => {
    const reason = parentGoneReason(parentPid, currentParentPid());
    if (reason === undefined) return;
    clearInterval(timer);
    onGone(reason);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent pid a launcher asked the worker to watch, or undefined when it asked for none. */
export function parentPidFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const pid = Number(env[PARENT_PID_ENV]);
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}
