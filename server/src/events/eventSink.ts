// The event sink: every run event passes through here on its way into the store. Appends are batched
// (what gathers while a batch is written, or flushMs of waiting), each batch is written in one
// statement with its derived run status, step stats and materializations, and only then published to
// subscribers, so what a subscriber sees is exactly what a later read returns. A run's batches are
// written one at a time, so per-run order is the append order (on PostgreSQL, batches of different
// runs go side by side). A batch that fails is retried, then written run by run so one bad run cannot
// hold back the others, and what still fails is reported (onError, and flush() rejects).
import type { WeirEvent } from "@weir/sdk";
import type { Store } from "../store/openStore.ts";
import type { RunStatusListener } from "../store/runStatusBus.ts";
import { prepareBatch, writeEventBatch, type EncodedBatch } from "./eventBatchWriter.ts";

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
  /**
   * How long the first event of an idle lane waits for company before its batch is written. Default 0:
   * it is written at once (a run's RUN_START is stored while its first step runs), and what is appended
   * while a batch is written gathers for the next.
   */
  flushMs?: number;
  /** Batches written at the same time on PostgreSQL, each for its own runs (PGlite: always 1). */
  lanes?: number;
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
  /**
   * Publishes events the caller already committed together with the run change they record (a new run
   * and its RUN_ENQUEUED, a claim and its RUN_DEQUEUED and RUN_STARTING): a batch fewer on the way to a
   * run's start. They are stored before the run's worker starts, so they precede every event of the run
   * that passes through the batches and subscribers still see each run's events in seq order.
   */
  announce(events: WeirEvent[]): void;
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

function validate(event: WeirEvent, knownUuid: string | undefined): void {
  const where = () => `event ${JSON.stringify({ runId: event?.runId, seq: event?.seq, type: event?.type })}`;
  if (typeof event !== "object" || event === null) throw new TypeError(`event sink: not an event: ${String(event)}`);
  if (event.runId !== knownUuid && (typeof event.runId !== "string" || !UUID.test(event.runId))) {
    throw new TypeError(`event sink: ${where()} has no UUID runId`);
  }
  if (!Number.isInteger(event.seq) || event.seq < 0 || event.seq > MAX_SEQ) {
    throw new TypeError(`event sink: ${where()} has a seq that is not an integer in 0..${MAX_SEQ}`);
  }
  if (typeof event.type !== "string" || event.type.length === 0) throw new TypeError(`event sink: ${where()} has no type`);
  if (typeof event.timestamp !== "number" || !Number.isFinite(event.timestamp)) {
    throw new TypeError(`event sink: ${where()} has no epoch-ms timestamp`);
  }
}

/**
 * (run, seq) order for subscribers, each (run, seq) once (a replay inside one batch is written once).
 * A run's events usually arrive in seq order already: only a run whose events do not is sorted.
 */
function inRunSeqOrder(events: readonly WeirEvent[]): WeirEvent[] {
  const byRun = new Map<string, WeirEvent[]>();
  for (const e of events) {
    const runId = e.runId.toLowerCase();
    const list = byRun.get(runId);
    if (list) list.push(e);
    else byRun.set(runId, [e]);
  }
  const ordered: WeirEvent[] = [];
  for (const runId of [...byRun.keys()].sort()) {
    const list = byRun.get(runId)!;
    let increasing = true;
    for (let i = 1; i < list.length && increasing; i++) increasing = list[i]!.seq > list[i - 1]!.seq;
    if (increasing) {
      for (const e of list) ordered.push(e);
      continue;
    }
    list.sort((a, b) => a.seq - b.seq); // stable: of a replayed seq, the first appended is kept
    for (let i = 0; i < list.length; i++) if (i === 0 || list[i]!.seq !== list[i - 1]!.seq) ordered.push(list[i]!);
  }
  return ordered;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface FlushWaiter {
  /** Resolved once every lane has settled this many of its appended events. */
  targets: number[];
  failure?: EventSinkWriteError;
  resolve(): void;
  reject(error: Error): void;
}

/** Rows inserted before the first ANALYZE on the embedded store (see refreshStatisticsAfter). */
const ANALYZE_EVERY_ROWS = 20_000;
/** Sample of 300 × this many rows per ANALYZE (PostgreSQL's default target is 100). */
const ANALYZE_STATISTICS_TARGET = 10;

/**
 * Batches written side by side, each by its own lane: a run's events all go through one lane while any
 * of them is pending, so per-run order holds and two statements never touch the same run's rows. On
 * PostgreSQL two backends share the work; PGlite has one connection, so one lane.
 */
interface Lane {
  index: number;
  /** Appended events not yet taken into a batch are buffer[head..]: taking a batch moves the head
   * instead of copying what remains (a producer far ahead of the database made that quadratic). */
  buffer: WeirEvent[];
  head: number;
  appended: number;
  settled: number;
  writing: boolean;
  timer: NodeJS.Timeout | undefined;
}

interface TakenBatch {
  lane: Lane;
  appended: number;
  batch: EncodedBatch;
  /** Events taken per run (before duplicates are dropped), for the run-to-lane assignment. */
  runCounts: Map<string, number>;
}

export function createEventSink(store: Store, options: EventSinkOptions = {}): EventSink {
  const maxBatch = Math.max(1, options.maxBatch ?? 2000);
  const flushMs = Math.max(0, options.flushMs ?? 0);
  const attempts = Math.max(1, options.attempts ?? 4);
  const laneCount = store.kind === "pglite" ? 1 : Math.max(1, options.lanes ?? 2);
  /** PGlite runs statements on this thread: nothing is appended while it writes. */
  const holdsThread = store.kind === "pglite";
  const onError =
    options.onError ?? ((error: EventSinkWriteError) => console.error(`weir event sink: ${error.message}`, error.cause ?? ""));

  const lanes: Lane[] = Array.from({ length: laneCount }, (_, index) => ({
    index, buffer: [], head: 0, appended: 0, settled: 0, writing: false, timer: undefined,
  }));
  const pendingCount = (lane: Lane) => lane.buffer.length - lane.head;
  /** Lane and pending (appended, not yet settled) event count of each run that has any. */
  const runLanes = new Map<string, { lane: Lane; pending: number }>();
  let lastRun: { runId: string; entry: { lane: Lane; pending: number } } | undefined; // most appends repeat the previous event's run
  let closed = false;
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
  // The interval doubles with what this sink has stored: a handful of ANALYZEs per million events
  // instead of fifty. Each samples 3,000 rows (statistics target 10) rather than the default 30,000:
  // enough to pick the run's index, and ~20 ms instead of ~170 ms that the writer waits behind.
  let insertedSinceAnalyze = 0;
  let insertedTotal = 0;
  function refreshStatisticsAfter(inserted: number): void {
    if (store.kind !== "pglite") return;
    insertedSinceAnalyze += inserted;
    insertedTotal += inserted;
    if (insertedSinceAnalyze < Math.max(ANALYZE_EVERY_ROWS, insertedTotal / 2)) return;
    insertedSinceAnalyze = 0;
    store
      .transaction(async (tx) => {
        await tx.query(`SET LOCAL default_statistics_target = ${ANALYZE_STATISTICS_TARGET}`, []);
        await tx.query("ANALYZE run_events", []);
      })
      .catch((error: unknown) => console.error("weir event sink: ANALYZE run_events failed:", error));
  }
  /** Stores a batch (retrying transient errors); returns the events left out because their run does not exist. */
  async function writeWithRetry(batch: EncodedBatch): Promise<WeirEvent[]> {
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)]!);
      try {
        const result = await writeEventBatch(store, batch);
        publish(result.inserted);
        refreshStatisticsAfter(result.inserted.length);
        for (const change of result.statusChanges) store.statusChanges.publish(change);
        return result.unknownRunEvents;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Writes a batch; on lasting failure, writes it run by run and returns what still failed. */
  async function writeBatch(prepared: EncodedBatch): Promise<EventSinkWriteError | undefined> {
    const batch = prepared.events;
    try {
      const unknownRunEvents = await writeWithRetry(prepared);
      if (unknownRunEvents.length === 0) return undefined;
      const runIds = [...new Set(unknownRunEvents.map((e) => e.runId))];
      return new EventSinkWriteError(
        `could not store ${unknownRunEvents.length} events: no run ${runIds.join(", ")} exists`,
        unknownRunEvents,
      );
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
          [...batch],
          { cause: error },
        );
      }
      const failed: WeirEvent[] = [];
      const reasons: string[] = [];
      for (const [runId, events] of byRun) {
        try {
          const unknownRunEvents = await writeWithRetry(prepareBatch(events));
          if (unknownRunEvents.length > 0) {
            failed.push(...unknownRunEvents);
            reasons.push(`run ${runId} (${unknownRunEvents.length} events): no such run`);
          }
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

  function settle(taken: TakenBatch, failure: EventSinkWriteError | undefined): void {
    const { lane } = taken;
    const start = lane.settled;
    lane.settled += taken.appended;
    for (const [runId, count] of taken.runCounts) {
      const entry = runLanes.get(runId);
      if (!entry) continue;
      entry.pending -= count;
      if (entry.pending <= 0) {
        runLanes.delete(runId);
        if (lastRun?.entry === entry) lastRun = undefined;
      }
    }
    if (failure) {
      try {
        onError(failure);
      } catch (error) {
        console.error("weir event sink: onError threw:", error);
      }
      for (const w of waiters) if (w.targets[lane.index]! > start && !w.failure) w.failure = failure;
    }
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (lanes.some((l) => w.targets[l.index]! > l.settled)) continue;
      waiters.splice(i, 1);
      if (w.failure) w.reject(w.failure);
      else w.resolve();
    }
  }

  function takeBatch(lane: Lane): TakenBatch {
    const taken = lane.buffer.slice(lane.head, lane.head + maxBatch);
    lane.head += taken.length;
    if (lane.head === lane.buffer.length) {
      lane.buffer = [];
      lane.head = 0;
    } else if (lane.head >= 65_536 && lane.head * 2 >= lane.buffer.length) {
      lane.buffer = lane.buffer.slice(lane.head);
      lane.head = 0;
    }
    const runCounts = new Map<string, number>();
    const countRun = (runId: string, count: number) => {
      const key = runId.toLowerCase();
      runCounts.set(key, (runCounts.get(key) ?? 0) + count);
    };
    let runId: string | undefined;
    let count = 0;
    for (const e of taken) {
      if (e.runId === runId) {
        count++;
        continue;
      }
      if (runId !== undefined) countRun(runId, count);
      runId = e.runId;
      count = 1;
    }
    if (runId !== undefined) countRun(runId, count);
    return { lane, appended: taken.length, batch: prepareBatch(inRunSeqOrder(taken)), runCounts };
  }

  async function pump(lane: Lane): Promise<void> {
    if (lane.writing) return;
    lane.writing = true;
    try {
      let next = pendingCount(lane) > 0 ? takeBatch(lane) : undefined;
      while (next) {
        const current = next;
        const written = writeBatch(current.batch);
        next = undefined;
        if (pendingCount(lane) >= maxBatch) {
          // Encode the lane's next full batch while this one is in the database: on PostgreSQL the two
          // overlap. A lane still writes its batches one after another, so per-run order holds.
          await new Promise((resolve) => setImmediate(resolve));
          next = takeBatch(lane);
        }
        settle(current, await written);
        if (!next && holdsThread) {
          // Producers (worker output, in-process runs) had no turn while PGlite held the thread: turns of
          // the event loop, while they keep adding, grow the next batch (per event, one big batch costs
          // PGlite much less than several small ones).
          for (let before = -1, turns = 0; pendingCount(lane) > before && pendingCount(lane) < maxBatch && turns < 16; turns++) {
            before = pendingCount(lane);
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        if (!next && pendingCount(lane) > 0) next = takeBatch(lane);
      }
    } finally {
      lane.writing = false;
    }
  }

  function kick(lane: Lane): void {
    if (lane.timer) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    // pump never rejects: failures are settled as EventSinkWriteError above.
    void pump(lane);
  }

  function flush(): Promise<void> {
    if (lanes.every((l) => l.settled >= l.appended)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      waiters.push({ targets: lanes.map((l) => l.appended), resolve, reject });
      for (const lane of lanes) if (!lane.writing && pendingCount(lane) > 0) kick(lane);
    });
  }

  /** The lane of the event's run: where its pending events are, else the least busy lane. */
  function laneFor(runId: string): { lane: Lane; pending: number } {
    if (lastRun?.runId === runId) return lastRun.entry;
    const key = runId.toLowerCase();
    let entry = runLanes.get(key);
    if (!entry) {
      const lane = lanes.reduce((a, b) => (b.appended - b.settled < a.appended - a.settled ? b : a));
      entry = { lane, pending: 0 };
      runLanes.set(key, entry);
    }
    lastRun = { runId, entry };
    return entry;
  }

  return {
    append(event) {
      if (closed) throw new Error(`event sink is closed: cannot append event ${event?.seq} of run ${event?.runId}`);
      validate(event, lastRun?.runId);
      const entry = laneFor(event.runId);
      entry.pending++;
      const { lane } = entry;
      lane.buffer.push(event);
      lane.appended++;
      if (lane.writing) return; // the running pump picks it up when the current batch commits
      if (flushMs === 0 || pendingCount(lane) >= maxBatch) kick(lane);
      else if (!lane.timer) lane.timer = setTimeout(() => kick(lane), flushMs);
    },
    flush,
    announce: publish,
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
      for (const lane of lanes) if (lane.timer) clearTimeout(lane.timer);
    },
  };
}
