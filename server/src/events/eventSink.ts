// The event sink: every run event passes through here on its way into the store. Appends are
// batched (flush on size or after flushMs), each batch is written in one statement with its derived
// run status, step stats and materializations, and only then published to subscribers, so what a
// subscriber sees is exactly what a later read returns. One batch is in flight at a time: per-run
// order is the append order. A batch that fails is retried, then written run by run so one bad run
// cannot hold back the others, and what still fails is reported (onError, and flush() rejects).
import type { WeirEvent } from "@weir/sdk";
import type { Store } from "../store/openStore.ts";
import type { RunStatusListener } from "../store/runStatusBus.ts";
import { writeEventBatch } from "./eventBatchWriter.ts";

export type EventListener = (events: WeirEvent[]) => void;

export class EventSinkWriteError extends Error {
  constructor(
    message: string,
    /** The events that could not be stored. */
    readonly events: WeirEvent[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EventSinkWriteError";
  }
}

export interface EventSinkOptions {
  /** Most events per batch (one statement). */
  maxBatch?: number;
  /** How long the first event of an idle sink waits for company before its batch is written. */
  flushMs?: number;
  /** Attempts per batch before it is split by run (transient errors: lost connection, deadlock). */
  attempts?: number;
  /** Called with events that could not be stored after every attempt. Default: console.error. */
  onError?: (error: EventSinkWriteError) => void;
}

export interface EventSink {
  /** Queues an event; throws at once if it is malformed. */
  append(event: WeirEvent): void;
  /** Resolves when everything appended so far is stored and published; rejects if some of it failed. */
  flush(): Promise<void>;
  /** Called after each committed batch with the events it stored, in (run, seq) order. */
  subscribe(listener: EventListener): () => void;
  /** Run status changes the sink derived (and any other status change made through the store). */
  subscribeStatus(listener: RunStatusListener): () => void;
  /** Flushes, then refuses further appends. */
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEQ = 2 ** 31 - 1;
const RETRY_DELAYS_MS = [25, 250, 1000, 2000];

function validate(event: WeirEvent): void {
  const where = () => `event ${JSON.stringify({ runId: event?.runId, seq: event?.seq, type: event?.type })}`;
  if (typeof event !== "object" || event === null) throw new TypeError(`event sink: not an event: ${String(event)}`);
  if (typeof event.runId !== "string" || !UUID.test(event.runId)) throw new TypeError(`event sink: ${where()} has no UUID runId`);
  if (!Number.isInteger(event.seq) || event.seq < 0 || event.seq > MAX_SEQ) {
    throw new TypeError(`event sink: ${where()} has a seq that is not an integer in 0..${MAX_SEQ}`);
  }
  if (typeof event.type !== "string" || event.type.length === 0) throw new TypeError(`event sink: ${where()} has no type`);
  if (typeof event.timestamp !== "number" || !Number.isFinite(event.timestamp)) {
    throw new TypeError(`event sink: ${where()} has no epoch-ms timestamp`);
  }
}

function compareRunSeq(a: WeirEvent, b: WeirEvent): number {
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.seq - b.seq;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface FlushWaiter {
  /** Resolved once this many appended events are settled. */
  target: number;
  failure?: EventSinkWriteError;
  resolve(): void;
  reject(error: Error): void;
}

/** Rows inserted between two ANALYZE runs on the embedded store (see refreshStatisticsAfter). */
const ANALYZE_EVERY_ROWS = 20_000;

export function createEventSink(store: Store, options: EventSinkOptions = {}): EventSink {
  const maxBatch = Math.max(1, options.maxBatch ?? 1000);
  const flushMs = Math.max(0, options.flushMs ?? 2);
  const attempts = Math.max(1, options.attempts ?? 4);
  const onError =
    options.onError ?? ((error: EventSinkWriteError) => console.error(`weir event sink: ${error.message}`, error.cause ?? ""));

  let buffer: WeirEvent[] = [];
  let appended = 0;
  let settled = 0;
  let writing = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const waiters: FlushWaiter[] = [];
  const listeners = new Set<EventListener>();

  function publish(events: WeirEvent[]): void {
    if (events.length === 0) return;
    for (const listener of listeners) {
      try {
        listener(events);
      } catch (error) {
        console.error("weir event sink: a subscriber threw (the event is stored; other subscribers still ran):", error);
      }
    }
  }

  // PGlite has no autovacuum: without fresh statistics the planner keeps treating a grown events table
  // as empty and reads a run's page by scanning it (seconds instead of milliseconds at 100,000 rows).
  let insertedSinceAnalyze = 0;
  function refreshStatisticsAfter(inserted: number): void {
    if (store.kind !== "pglite") return;
    insertedSinceAnalyze += inserted;
    if (insertedSinceAnalyze < ANALYZE_EVERY_ROWS) return;
    insertedSinceAnalyze = 0;
    store.prisma.$executeRawUnsafe("ANALYZE run_events").catch((error: unknown) => console.error("weir event sink: ANALYZE run_events failed:", error));
  }

  async function writeWithRetry(events: WeirEvent[]): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)]!);
      try {
        const result = await writeEventBatch(store, events);
        publish(result.inserted);
        refreshStatisticsAfter(result.inserted.length);
        for (const change of result.statusChanges) store.statusChanges.publish(change);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Writes a batch; on lasting failure, writes it run by run and returns what still failed. */
  async function writeBatch(batch: WeirEvent[]): Promise<EventSinkWriteError | undefined> {
    try {
      await writeWithRetry(batch);
      return undefined;
    } catch (error) {
      const byRun = new Map<string, WeirEvent[]>();
      for (const e of batch) {
        const list = byRun.get(e.runId);
        if (list) list.push(e);
        else byRun.set(e.runId, [e]);
      }
      if (byRun.size === 1) {
        return new EventSinkWriteError(
          `could not store ${batch.length} events of run ${batch[0]!.runId} (seq ${batch[0]!.seq}..${batch.at(-1)!.seq}): ${(error as Error).message}`,
          batch,
          { cause: error },
        );
      }
      const failed: WeirEvent[] = [];
      const reasons: string[] = [];
      for (const [runId, events] of byRun) {
        try {
          await writeWithRetry(events);
        } catch (runError) {
          failed.push(...events);
          reasons.push(`run ${runId} (${events.length} events): ${(runError as Error).message}`);
        }
      }
      if (failed.length === 0) return undefined;
      return new EventSinkWriteError(`could not store ${failed.length} events: ${reasons.join("; ")}`, failed, {
        cause: error,
      });
    }
  }

  function settle(count: number, failure: EventSinkWriteError | undefined): void {
    const start = settled;
    settled += count;
    if (failure) {
      try {
        onError(failure);
      } catch (error) {
        console.error("weir event sink: onError threw:", error);
      }
      for (const w of waiters) if (w.target > start && !w.failure) w.failure = failure;
    }
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.target > settled) continue;
      waiters.splice(i, 1);
      if (w.failure) w.reject(w.failure);
      else w.resolve();
    }
  }

  async function pump(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      while (buffer.length > 0) {
        const taken = buffer.length <= maxBatch ? buffer : buffer.slice(0, maxBatch);
        buffer = buffer.length <= maxBatch ? [] : buffer.slice(maxBatch);
        // (run, seq) order for subscribers; a replay inside one batch is written once.
        const seen = new Set<string>();
        const batch = taken
          .slice()
          .sort(compareRunSeq)
          .filter((e) => {
            const key = `${e.runId.toLowerCase()}:${e.seq}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
        const failure = await writeBatch(batch);
        settle(taken.length, failure);
      }
    } finally {
      writing = false;
    }
  }

  function kick(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    // pump never rejects: failures are settled as EventSinkWriteError above.
    void pump();
  }

  function flush(): Promise<void> {
    if (settled >= appended) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      waiters.push({ target: appended, resolve, reject });
      if (!writing) kick();
    });
  }

  return {
    append(event) {
      if (closed) throw new Error(`event sink is closed: cannot append event ${event?.seq} of run ${event?.runId}`);
      validate(event);
      buffer.push(event);
      appended++;
      if (writing) return; // the running pump picks it up when the current batch commits
      if (buffer.length >= maxBatch) kick();
      else if (!timer) timer = setTimeout(kick, flushMs);
    },
    flush,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeStatus(listener) {
      return store.statusChanges.subscribe(listener);
    },
    async close() {
      closed = true;
      await flush();
      if (timer) clearTimeout(timer);
    },
  };
}
