// Daemon heartbeats: each loop reports every pass it completes (and its last error); a writer stores one
// row per (daemon, loop) every interval with the time of that loop's last completed pass. A loop that hangs
// stops advancing its row, so staleness shows which loop of which daemon is stuck.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Store } from "../store/openStore.ts";

export interface Heartbeats {
  readonly daemonId: string;
  /** A loop completed a pass; `error` is its failure, if the pass failed (kept as the loop's last error). */
  beat(loop: string, error?: Error): void;
  /** Writes the rows now (the timer calls it). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface LoopHealth {
  daemonId: string;
  loopName: string;
  lastHeartbeat: Date;
  lastError: string | null;
  healthy: boolean;
}

export function newDaemonId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export function startHeartbeats(store: Store, loops: string[], intervalMs: number, daemonId = newDaemonId()): Heartbeats {
  const state = new Map<string, { at: Date; error: string | null }>(loops.map((l) => [l, { at: new Date(), error: null }]));
  let writing: Promise<void> | undefined;
  let stopped = false;

  const write = async () => {
    const rows = [...state.entries()];
    await store.prisma.$executeRawUnsafe(
      `INSERT INTO daemon_heartbeats (daemon_id, loop_name, "timestamp", last_error)
       SELECT $1, l, t, e FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS x(l, t, e)
       ON CONFLICT (daemon_id, loop_name) DO UPDATE SET "timestamp" = EXCLUDED."timestamp", last_error = EXCLUDED.last_error`,
      daemonId,
      rows.map(([l]) => l),
      rows.map(([, s]) => s.at),
      rows.map(([, s]) => s.error),
    );
  };
  const flush = () => (writing ??= write().finally(() => (writing = undefined)));
  const timer = setInterval(() => {
    if (!stopped) flush().catch((error) => console.error(`weir daemon ${daemonId}: could not write heartbeats: ${(error as Error).message}`));
  }, intervalMs);
  timer.unref();

  return {
    daemonId,
    beat(loop, error) {
      // A pass that failed still proves the loop runs; its error stays shown until the next failure.
      state.set(loop, { at: new Date(), error: error ? error.message : (state.get(loop)?.error ?? null) });
    },
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await writing?.catch(() => {});
      // The daemon is gone: its rows would only look stale; remove them.
      await store.prisma.daemonHeartbeat.deleteMany({ where: { daemonId } }).catch(() => {});
    },
  };
}

/** Every loop of every daemon that wrote a heartbeat recently (within `keepMs`), healthy when fresher than `freshMs`. */
export async function readDaemonHealth(store: Store, freshMs: number, keepMs = 24 * 3600_000): Promise<LoopHealth[]> {
  const rows = await store.prisma.daemonHeartbeat.findMany({
    where: { timestamp: { gt: new Date(Date.now() - keepMs) } },
    orderBy: [{ daemonId: "asc" }, { loopName: "asc" }],
  });
  const now = Date.now();
  return rows.map((r) => ({ daemonId: r.daemonId, loopName: r.loopName, lastHeartbeat: r.timestamp, lastError: r.lastError, healthy: now - r.timestamp.getTime() <= freshMs }));
}
