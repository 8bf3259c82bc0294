// Two Weir "processes" on one PostgreSQL database for tests of what crosses between them: each a store,
// its event sink and its cross-process bus, wired as startWeirInstance wires them; and ending their
// LISTEN connections from the database side, as a restart of a pooler or a network cut would.
import { waitFor } from "../src/daemon/daemonTestHarness.ts";
import { createEventSink, type EventSink } from "../src/events/eventSink.ts";
import { startCrossProcessBus, type CrossProcessBus } from "../src/store/crossProcessBus.ts";
import type { Store } from "../src/store/openStore.ts";

/** Ends the LISTEN connections of the buses on this store's database from the database side. */
export async function terminateListeners(store: Store): Promise<number[]> {
  // In the select list, not the WHERE clause: only the rows the filter kept are ended (the cluster is shared).
  const rows = await store.query<{ pid: number }>(
    `SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_stat_activity
      WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    [],
  );
  const pids = rows.map((r) => r.pid);
  await waitFor(
    "the terminated LISTEN backends to go",
    async () =>
      (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])`, [pids]))[0]!
        .n === 0,
  );
  return pids;
}

export interface BusProcess {
  store: Store;
  sink: EventSink;
  bus: CrossProcessBus;
  /** The sink as the API uses it: subscribers see events stored by every process. */
  allProcesses: EventSink;
  errors: string[];
  close(): Promise<void>;
}

/** One "process" on the database: a store, its sink and its bus (as startWeirInstance wires them). */
export async function startBusProcess(store: Store, databaseUrl: string): Promise<BusProcess> {
  const sink = createEventSink(store);
  const errors: string[] = [];
  const bus = await startCrossProcessBus({ store, sink, databaseUrl, onError: (error) => errors.push(error.message) });
  return {
    store,
    sink,
    bus,
    errors,
    allProcesses: bus.sinkForAllProcesses(sink),
    async close() {
      await sink.close();
      await bus.close();
    },
  };
}
