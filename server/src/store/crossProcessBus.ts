// What one process tells the others sharing its PostgreSQL database, over LISTEN/NOTIFY: which events it
// stored (run id + seq range; the listener reads the rows, so payloads stay small and a subscriber sees
// exactly what the store holds), run status changes, and signals ("runs were queued", "an instigator
// changed"). On the embedded store there is one process, so everything stays in-process.
// Remote events are read one notification at a time, in arrival order: a subscriber that drops what is at
// or below its cursor (runEventStream) then never sees a later range before an earlier one.
// Notifications sent while the LISTEN connection is down are lost: once it listens again, the sink's
// resync listeners are told, and each open subscription re-reads the store from its cursor.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { WeirEvent } from "@weir/sdk";
import type { EventListener, EventSink } from "../events/eventSink.ts";
import { getEvents } from "./events.ts";
import type { Store } from "./openStore.ts";
import type { RunStatusChange } from "./runStatusBus.ts";

export const BUS_CHANNEL = "weir_bus";
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more. */
const MAX_PAYLOAD = 7800;

export type SignalKind =
  | "runsQueued"
  | "instigatorsChanged"
  | "runQueueLimitsChanged"
  | "apiTokenRevoked"
  // A terminate asks the process that runs the run to stop its worker, which answers (runs/ownerTermination.ts).
  | "runStopRequested"
  | "runStopAccepted";
export type SignalListener = (kind: SignalKind, data: Record<string, unknown>) => void;

type Message =
  | { k: "events"; o: string; r: [string, number, number][] }
  | { k: "status"; o: string; c: RunStatusChange[] }
  | { k: "signal"; o: string; s: SignalKind; d: Record<string, unknown> };

const remoteChanges = new WeakSet<RunStatusChange>();

/** Whether a status change was made by another process (and relayed here), not by this one. */
export function isRemoteChange(change: RunStatusChange): boolean {
  return remoteChanges.has(change);
}

export interface CrossProcessBus {
  /** This process's id on the bus. */
  readonly origin: string;
  /** Tells every process (this one included) something happened. */
  signal(kind: SignalKind, data?: Record<string, unknown>): void;
  subscribeSignals(listener: SignalListener): () => void;
  /** Events stored by other processes, in (run, seq) order per run. */
  subscribeRemoteEvents(listener: EventListener): () => void;
  /**
   * The sink with `subscribe` extended to events stored by every process, and `subscribeResync` told when
   * the LISTEN connection was lost and listens again (remote events may have been missed meanwhile).
   */
  sinkForAllProcesses(sink: EventSink): EventSink;
  close(): Promise<void>;
}

export interface CrossProcessBusOptions {
  store: Store;
  sink: EventSink;
  /** The PostgreSQL URL to LISTEN on; null on the embedded store. */
  databaseUrl: string | null;
  onError?: (error: Error) => void;
}

/** Packs items into as few payloads under the NOTIFY limit as fit. */
function pack<T>(items: T[], wrap: (part: T[]) => object): string[] {
  const out: string[] = [];
  let part: T[] = [];
  for (const item of items) {
    const next = [...part, item];
    if (part.length > 0 && JSON.stringify(wrap(next)).length > MAX_PAYLOAD) {
      out.push(JSON.stringify(wrap(part)));
      part = [item];
    } else part = next;
  }
  if (part.length) out.push(JSON.stringify(wrap(part)));
  return out;
}

export async function startCrossProcessBus(options: CrossProcessBusOptions): Promise<CrossProcessBus> {
  const { store, sink } = options;
  const onError = options.onError ?? ((error: Error) => console.error(`weir bus: ${error.message}`));
  const origin = randomUUID();
  const signalListeners = new Set<SignalListener>();
  const eventListeners = new Set<EventListener>();
  const resyncListeners = new Set<() => void>();
  const cleanups: (() => void)[] = [];
  let closed = false;

  const emitSignal = (kind: SignalKind, data: Record<string, unknown>) => {
    for (const l of signalListeners) {
      try {
        l(kind, data);
      } catch (error) {
        onError(new Error(`a signal listener threw on ${kind}: ${(error as Error).message}`, { cause: error }));
      }
    }
  };

  const bus: CrossProcessBus = {
    origin,
    signal(kind, data = {}) {
      emitSignal(kind, data);
      send?.([JSON.stringify({ k: "signal", o: origin, s: kind, d: data } satisfies Message)]);
    },
    subscribeSignals(listener) {
      signalListeners.add(listener);
      return () => signalListeners.delete(listener);
    },
    subscribeRemoteEvents(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    sinkForAllProcesses(inner) {
      return {
        ...inner,
        subscribe(listener) {
          const local = inner.subscribe(listener);
          const remote = bus.subscribeRemoteEvents(listener);
          return () => {
            local();
            remote();
          };
        },
        subscribeResync(listener) {
          resyncListeners.add(listener);
          return () => resyncListeners.delete(listener);
        },
      };
    },
    async close() {
      closed = true;
      for (const c of cleanups) c();
      await closeListener?.();
    },
  };

  let send: ((payloads: string[]) => void) | undefined;
  let closeListener: (() => Promise<void>) | undefined;
  if (!options.databaseUrl) return bus;

  // Sends in order: two pooled connections could otherwise commit notifications out of order.
  let sending: Promise<unknown> = Promise.resolve();
  send = (payloads) => {
    if (closed) return;
    sending = sending.then(async () => {
      for (const payload of payloads) {
        await store.prisma.$executeRawUnsafe(`SELECT pg_notify('${BUS_CHANNEL}', $1)`, payload).catch((error: Error) => {
          if (!closed) onError(new Error(`could not notify other processes: ${error.message}`, { cause: error }));
        });
      }
    });
  };

  cleanups.push(
    sink.subscribe((events) => {
      const ranges = new Map<string, [string, number, number]>();
      for (const e of events) {
        const r = ranges.get(e.runId);
        if (r) r[2] = Math.max(r[2], e.seq);
        else ranges.set(e.runId, [e.runId, e.seq, e.seq]);
      }
      send!(pack([...ranges.values()], (r) => ({ k: "events", o: origin, r })));
    }),
    store.statusChanges.subscribe((change) => {
      if (remoteChanges.has(change)) return;
      send!(pack([change], (c) => ({ k: "status", o: origin, c })));
    }),
  );

  // Remote events are read in arrival order, one notification after the other.
  let reading: Promise<unknown> = Promise.resolve();
  const readRanges = (ranges: [string, number, number][]) => {
    reading = reading.then(async () => {
      for (const [runId, from, to] of ranges) {
        if (closed || eventListeners.size === 0) return;
        let events: WeirEvent[];
        try {
          events = await getEvents(store, runId, { afterSeq: from - 1, beforeSeq: to + 1, limit: to - from + 1 });
        } catch (error) {
          if (!closed)
            onError(
              new Error(
                `could not read events ${from}..${to} of run ${runId} stored by another process: ${(error as Error).message}`,
                { cause: error },
              ),
            );
          continue;
        }
        for (const l of eventListeners) {
          try {
            l(events);
          } catch (error) {
            onError(new Error(`an event listener threw: ${(error as Error).message}`, { cause: error }));
          }
        }
      }
    });
  };

  const onMessage = (payload: string | undefined) => {
    if (!payload) return;
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (message.o === origin) return;
    if (message.k === "events") readRanges(message.r);
    else if (message.k === "status") {
      for (const change of message.c) {
        remoteChanges.add(change);
        store.statusChanges.publish(change);
      }
    } else if (message.k === "signal") emitSignal(message.s, message.d ?? {});
  };

  // One dedicated connection LISTENs. When it is lost it reconnects, with a backoff while the database is
  // unreachable; notifications sent meanwhile are lost, so once it listens again the resync listeners
  // re-read what they follow (run event subscriptions), and the run queue's sweep and the schedulers'
  // reconciliation cover the signals.
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let reconnectAttempts = 0;
  const resync = () => {
    for (const listener of resyncListeners) {
      try {
        listener();
      } catch (error) {
        onError(new Error(`a resync listener threw: ${(error as Error).message}`, { cause: error }));
      }
    }
  };
  const scheduleReconnect = () => {
    if (closed || retry) return;
    const delay = Math.min(5000, 100 * 2 ** Math.min(reconnectAttempts++, 6));
    retry = setTimeout(() => {
      retry = undefined;
      connect(true).catch((error: Error) => {
        if (closed) return;
        onError(new Error(`could not LISTEN again (retrying): ${error.message}`, { cause: error }));
        scheduleReconnect();
      });
    }, delay);
    retry.unref();
  };
  const connect = async (reconnecting: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: options.databaseUrl! });
    let lostAlready = false;
    const lost = (error?: Error) => {
      if (lostAlready) return;
      lostAlready = true;
      c.end().catch(() => {});
      if (client !== c) return; // not yet listening: connect() rejects and its caller retries
      client = undefined;
      if (closed) return;
      onError(new Error(`the LISTEN connection was lost (reconnecting): ${error?.message ?? "it ended"}`, { cause: error }));
      scheduleReconnect();
    };
    c.on("notification", (n) => onMessage(n.payload));
    c.on("error", (error) => lost(error));
    c.on("end", () => lost());
    try {
      await c.connect();
      await c.query(`LISTEN ${BUS_CHANNEL}`);
    } catch (error) {
      lostAlready = true;
      await c.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    reconnectAttempts = 0;
    if (reconnecting) {
      onError(new Error("the LISTEN connection is back: open subscriptions re-read what they may have missed"));
      resync();
    }
  };
  await connect(false);
  closeListener = async () => {
    if (retry) clearTimeout(retry);
    await sending.catch(() => {});
    await client?.end().catch(() => {});
  };
  return bus;
}
