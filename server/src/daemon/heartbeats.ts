// Daemon heartbeats: each loop reports every pass it completes (and its last error); a writer stores one
// row per (daemon, loop) every interval with the time of that loop's last completed pass. A loop that hangs
// stops advancing its row, so staleness shows which loop of which daemon is stuck. Times are the
// database's (a beat's age on this host is subtracted from the database's now()), so hosts whose clocks
// differ still agree on what is fresh. Whether a daemon is alive at all is its liveness lock's to say
// (daemonLiveness.ts): a killed daemon's rows stay fresh for a while.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Store } from "../store/openStore.ts";
import { daemonsAlive } from "./daemonLiveness.ts";

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
  /** Per loop: when (this host's clock) it last completed a pass, and its last error. */
  const state = new Map<string, { at: number; error: string | null }>(loops.map((l) => [l, { at: Date.now(), error: null }]));
  let writing: Promise<void> | undefined;
  let stopped = false;

  const write = async () => {
    const rows = [...state.entries()];
    const now = Date.now();
    await store.query(
      `INSERT INTO daemon_heartbeats (daemon_id, loop_name, "timestamp", last_error)
       SELECT $1, l, now() - (a * interval '1 millisecond'), e FROM unnest($2::text[], $3::float8[], $4::text[]) AS x(l, a, e)
       ON CONFLICT (daemon_id, loop_name) DO UPDATE SET "timestamp" = EXCLUDED."timestamp", last_error = EXCLUDED.last_error`,
      [daemonId, rows.map(([l]) => l), rows.map(([, s]) => Math.max(0, now - s.at)), rows.map(([, s]) => s.error)],
    );
  };
  const flush = () => (writing ??= write().finally(() => (writing = undefined)));
  const timer = setInterval(() => {
    if (!stopped)
      flush().catch((error) => console.error(`weir daemon ${daemonId}: could not write heartbeats: ${(error as Error).message}`));
  }, intervalMs);
  timer.unref();

  return {
    daemonId,
    beat(loop, error) {
      // A pass that failed still proves the loop runs; its error stays shown until the next failure.
      state.set(loop, { at: Date.now(), error: error ? error.message : (state.get(loop)?.error ?? null) });
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

/**
 * Every loop of every daemon that wrote a heartbeat within `keepMs`, healthy when its heartbeat is fresher
 * than `freshMs` (database time) and, on PostgreSQL, its daemon is alive.
 */
export async function readDaemonHealth(store: Store, freshMs: number, keepMs = 24 * 3600_000): Promise<LoopHealth[]> {
  const rows = await store.query<{
    daemon_id: string;
    loop_name: string;
    timestamp: Date;
    last_error: string | null;
    fresh: boolean;
  }>(
    `SELECT daemon_id, loop_name, "timestamp", last_error, "timestamp" > now() - ($1::float8 * interval '1 millisecond') AS fresh
       FROM daemon_heartbeats WHERE "timestamp" > now() - ($2::float8 * interval '1 millisecond')
      ORDER BY daemon_id, loop_name`,
    [freshMs, keepMs],
  );
  // The embedded store has one process: a daemon of an earlier one goes stale within freshMs.
  const alive = store.kind === "postgres" ? await daemonsAlive(store, new Set(rows.map((r) => r.daemon_id))) : null;
  return rows.map((r) => ({
    daemonId: r.daemon_id,
    loopName: r.loop_name,
    lastHeartbeat: new Date(r.timestamp),
    lastError: r.last_error,
    healthy: r.fresh && (alive?.has(r.daemon_id) ?? true),
  }));
}
