// The event sink: every run event passes through here on its way into the store. Each event is encoded
// when it is appended (eventEncoding.ts: cut down to maxEventBytes, and a value JSON cannot hold stays
// that event's problem). Appends are batched (what gathers while a batch is written, or flushMs of
// waiting; at most maxBatch events and maxBatchBytes), each batch is written in one statement with its
// derived run status, step stats and materializations, and only then published to subscribers, so what
// a subscriber sees is exactly what a later read returns. A run's batches are written one at a time, so
// per-run order is the append order (on PostgreSQL, batches of different runs go side by side).
//
// While the database is unreachable (a restart, a failover) a batch is retried without limit, with a
// capped backoff, and appends wait in memory up to maxBufferedEvents / maxBufferedBytes. An event that
// does not fit is not accepted: its run is failed instead, with a RUN_FAILURE saying why, written after
// the run's accepted events once the database is back; the run's later events are dropped. Nothing
// accepted is dropped. A batch that fails for another reason is retried a few times, then written run by
// run so one bad run cannot hold back the others; what still fails is reported (onError, and flush()
// rejects) and its run is failed the same way.
import type { WeirEvent } from "@weir/sdk";
import { maxSeq } from "../store/events.ts";
import type { Store } from "../store/openStore.ts";
import type { RunStatusListener } from "../store/runStatusBus.ts";
import { prepareBatch, writeEventBatch, type EncodedBatch } from "./eventBatchWriter.ts";
import { encodeEvent, type EncodedEvent } from "./eventEncoding.ts";
import { isTransientDatabaseError } from "./transientDatabaseErrors.ts";

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

/** The bounds a deployment sets (weir.config.ts `eventSink`); see DEFAULT_EVENT_SINK_LIMITS. */
export interface EventSinkLimits {
  /** Events appended and not yet stored, at most (all runs together). */
  maxBufferedEvents: number;
  /** UTF-8 bytes of the encoded events appended and not yet stored, at most. */
  maxBufferedBytes: number;
  /** One event's message and data, at most: a larger event is stored truncated. */
  maxEventBytes: number;
}

export const DEFAULT_EVENT_SINK_LIMITS: EventSinkLimits = {
  maxBufferedEvents: 1_000_000,
  maxBufferedBytes: 256 * 1024 * 1024,
  maxEventBytes: 1024 * 1024,
};

export interface EventSinkOptions extends Partial<EventSinkLimits> {
  /** Most events per batch (one statement). */
  maxBatch?: number;
  /** Most bytes of encoded events per batch (at least maxEventBytes: one event always fits). */
  maxBatchBytes?: number;
  /**
   * How long the first event of an idle lane waits for company before its batch is written. Default 0:
   * it is written at once (a run's RUN_START is stored while its first step runs), and what is appended
   * while a batch is written gathers for the next.
   */
  flushMs?: number;
  /** Batches written at the same time on PostgreSQL, each for its own runs (PGlite: always 1). */
  lanes?: number;
  /**
   * Attempts per batch before it is split by run, for errors that are not transient. Transient ones (lost
   * connection, database restarting, deadlock) are retried without limit.
   */
  attempts?: number;
  /** Backoff between attempts after a transient error: doubling from `initialMs`, at most `maxMs`. */
  retryDelay?: { initialMs?: number; maxMs?: number };
  /** Called with events that could not be stored after every attempt. Default: console.error. */
  onError?: (error: EventSinkWriteError) => void;
  /** Told when the database becomes unreachable, every tenth retry, and when it is back. Default: console.warn. */
  onWarning?: (message: string, error?: unknown) => void;
}

export interface EventSink {
  /**
   * Queues an event; throws at once if it is malformed. An event that does not fit the buffer is not
   * queued: its run is failed with the reason (see the file comment).
   */
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
  /**
   * Told when events stored elsewhere may have been missed (a sink that also relays other processes'
   * events lost its connection to them): a subscriber re-reads the store from its cursor. A sink that
   * misses nothing has none.
   */
  subscribeResync?(listener: () => void): () => void;
  /** Run status changes the sink derived (and any other status change made through the store). */
  subscribeStatus(listener: RunStatusListener): () => void;
  /** Flushes, then refuses further appends. */
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEQ = 2 ** 31 - 1;
const RETRY_DELAYS_MS = [25, 250, 1000, 2000];
/** A batch holds at least this many bytes when the event cap is smaller. */
const DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;

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
function inRunSeqOrder(items: readonly EncodedEvent[]): EncodedEvent[] {
  const byRun = new Map<string, EncodedEvent[]>();
  for (const item of items) {
    const runId = item.event.runId.toLowerCase();
    const list = byRun.get(runId);
    if (list) list.push(item);
    else byRun.set(runId, [item]);
  }
  const ordered: EncodedEvent[] = [];
  for (const runId of [...byRun.keys()].sort()) {
    const list = byRun.get(runId)!;
    let increasing = true;
    for (let i = 1; i < list.length && increasing; i++) increasing = list[i]!.event.seq > list[i - 1]!.event.seq;
    if (increasing) {
      for (const item of list) ordered.push(item);
      continue;
    }
    list.sort((a, b) => a.event.seq - b.event.seq); // stable: of a replayed seq, the first appended is kept
    for (let i = 0; i < list.length; i++) {
      if (i === 0 || list[i]!.event.seq !== list[i - 1]!.event.seq) ordered.push(list[i]!);
    }
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
  /** Called with the first failure among the events it waited for, if any. */
  resolve(failure: EventSinkWriteError | undefined): void;
}

/** A run being failed: its events are no longer accepted, and its RUN_FAILURE is on its way. */
interface FailingRun {
  runId: string;
  reason: string;
  data: Record<string, unknown>;
  /** Events of the run not accepted since. */
  dropped: number;
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
  buffer: EncodedEvent[];
  head: number;
  /** Bytes of buffer[head..]. */
  pendingBytes: number;
  appended: number;
  settled: number;
  writing: boolean;
  timer: NodeJS.Timeout | undefined;
}

interface TakenBatch {
  lane: Lane;
  appended: number;
  bytes: number;
  batch: EncodedBatch;
  /** Events taken per run (before duplicates are dropped), for the run-to-lane assignment. */
  runCounts: Map<string, number>;
}

export function createEventSink(store: Store, options: EventSinkOptions = {}): EventSink {
  const maxBatch = Math.max(1, options.maxBatch ?? 2000);
  const maxEventBytes = Math.max(4096, options.maxEventBytes ?? DEFAULT_EVENT_SINK_LIMITS.maxEventBytes);
  const maxBatchBytes = Math.max(maxEventBytes * 2, options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES);
  const maxBufferedEvents = Math.max(1, options.maxBufferedEvents ?? DEFAULT_EVENT_SINK_LIMITS.maxBufferedEvents);
  const maxBufferedBytes = Math.max(1, options.maxBufferedBytes ?? DEFAULT_EVENT_SINK_LIMITS.maxBufferedBytes);
  const flushMs = Math.max(0, options.flushMs ?? 0);
  const attempts = Math.max(1, options.attempts ?? 4);
  const initialDelayMs = Math.max(1, options.retryDelay?.initialMs ?? 25);
  const maxDelayMs = Math.max(initialDelayMs, options.retryDelay?.maxMs ?? 5000);
  const laneCount = store.kind === "pglite" ? 1 : Math.max(1, options.lanes ?? 2);
  /** PGlite runs statements on this thread: nothing is appended while it writes. */
  const holdsThread = store.kind === "pglite";
  const onError =
    options.onError ?? ((error: EventSinkWriteError) => console.error(`weir event sink: ${error.message}`, error.cause ?? ""));
  const onWarning =
    options.onWarning ?? ((message: string, error?: unknown) => console.warn(`weir event sink: ${message}`, error ?? ""));

  const lanes: Lane[] = Array.from({ length: laneCount }, (_, index) => ({
    index,
    buffer: [],
    head: 0,
    pendingBytes: 0,
    appended: 0,
    settled: 0,
    writing: false,
    timer: undefined,
  }));
  const pendingCount = (lane: Lane) => lane.buffer.length - lane.head;
  const fullBatchPending = (lane: Lane) => pendingCount(lane) >= maxBatch || lane.pendingBytes >= maxBatchBytes;
  /** Lane and pending (appended, not yet settled) event count of each run that has any. */
  const runLanes = new Map<string, { lane: Lane; pending: number }>();
  let lastRun: { runId: string; entry: { lane: Lane; pending: number } } | undefined; // most appends repeat the previous event's run
  /** Appended and not yet settled, all lanes together: what the buffer bounds count. */
  let bufferedEvents = 0;
  let bufferedBytes = 0;
  /** Runs being failed (lower-case id), and the writes of their RUN_FAILURE still in progress. */
  const failingRuns = new Map<string, FailingRun>();
  const failureWrites = new Set<Promise<void>>();
  /** Consecutive transient failures of the database: one warning per outage, not one per attempt. */
  let outageAttempts = 0;
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

  /**
   * Waits out a transient database error: doubling delays up to maxDelayMs, one warning when the outage
   * starts and then every tenth attempt.
   */
  async function waitForDatabase(error: unknown, what: string): Promise<void> {
    outageAttempts++;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(outageAttempts - 1, 20));
    if (outageAttempts === 1 || outageAttempts % 10 === 0) {
      onWarning(
        `the database is unavailable (${(error as Error)?.message ?? String(error)}) while ${what}; ` +
          `${bufferedEvents} events (${bufferedBytes} bytes) wait in memory, retrying in ${delay} ms (attempt ${outageAttempts})`,
        error,
      );
    }
    await sleep(delay);
  }

  function databaseIsBack(): void {
    if (outageAttempts === 0) return;
    onWarning(`the database is reachable again after ${outageAttempts} failed attempts; storing the buffered events`);
    outageAttempts = 0;
  }

  /** Stores a batch (transient errors: until it succeeds); returns the events left out because their run does not exist. */
  async function writeWithRetry(batch: EncodedBatch): Promise<WeirEvent[]> {
    let failures = 0;
    for (;;) {
      try {
        const result = await writeEventBatch(store, batch);
        databaseIsBack();
        publish(result.inserted);
        refreshStatisticsAfter(result.inserted.length);
        for (const change of result.statusChanges) store.statusChanges.publish(change);
        return result.unknownRunEvents;
      } catch (error) {
        if (isTransientDatabaseError(error)) {
          await waitForDatabase(error, `storing ${batch.events.length} events`);
          continue;
        }
        if (++failures >= attempts) throw error;
        await sleep(RETRY_DELAYS_MS[Math.min(failures - 1, RETRY_DELAYS_MS.length - 1)]!);
      }
    }
  }

  /** Writes a batch; on lasting failure, writes it run by run, fails the runs whose events still fail, and returns what failed. */
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
      const byRun = new Map<string, EncodedEvent[]>();
      for (const item of prepared.items) {
        const list = byRun.get(item.event.runId);
        if (list) list.push(item);
        else byRun.set(item.event.runId, [item]);
      }
      if (byRun.size === 1) {
        const message = `could not store ${batch.length} events of run ${batch[0]!.runId} (seq ${batch[0]!.seq}..${batch.at(-1)!.seq}): ${(error as Error).message}`;
        failRun(batch[0]!.runId, `${message}`, { storeError: (error as Error).message, firstUnstoredSeq: batch[0]!.seq });
        return new EventSinkWriteError(message, [...batch], { cause: error });
      }
      const failed: WeirEvent[] = [];
      const reasons: string[] = [];
      for (const [runId, items] of byRun) {
        try {
          const unknownRunEvents = await writeWithRetry(prepareBatch(items));
          if (unknownRunEvents.length > 0) {
            failed.push(...unknownRunEvents);
            reasons.push(`run ${runId} (${unknownRunEvents.length} events): no such run`);
          }
        } catch (runError) {
          const events = items.map((i) => i.event);
          failed.push(...events);
          const reason = `run ${runId} (${events.length} events, seq ${events[0]!.seq}..${events.at(-1)!.seq}): ${(runError as Error).message}`;
          reasons.push(reason);
          failRun(runId, `could not store its events: ${reason}`, {
            storeError: (runError as Error).message,
            firstUnstoredSeq: events[0]!.seq,
          });
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
    bufferedEvents -= taken.appended;
    bufferedBytes -= taken.bytes;
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
      w.resolve(w.failure);
    }
  }

  function takeBatch(lane: Lane): TakenBatch {
    let end = lane.head;
    let bytes = 0;
    while (end < lane.buffer.length && end - lane.head < maxBatch) {
      const next = lane.buffer[end]!.bytes;
      if (end > lane.head && bytes + next > maxBatchBytes) break;
      bytes += next;
      end++;
    }
    const taken = lane.buffer.slice(lane.head, end);
    lane.head = end;
    lane.pendingBytes -= bytes;
    if (lane.head === lane.buffer.length) {
      lane.buffer = [];
      lane.head = 0;
      lane.pendingBytes = 0;
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
    for (const { event: e } of taken) {
      if (e.runId === runId) {
        count++;
        continue;
      }
      if (runId !== undefined) countRun(runId, count);
      runId = e.runId;
      count = 1;
    }
    if (runId !== undefined) countRun(runId, count);
    return { lane, appended: taken.length, bytes, batch: prepareBatch(inRunSeqOrder(taken)), runCounts };
  }

  /** writeBatch, with a fault of the sink itself turned into a reported failure of the batch's events. */
  function writeBatchSafely(taken: TakenBatch): Promise<EventSinkWriteError | undefined> {
    return writeBatch(taken.batch).catch(
      (error: unknown) =>
        new EventSinkWriteError(
          `could not store ${taken.batch.events.length} events: ${(error as Error)?.message ?? String(error)}`,
          [...taken.batch.events],
          { cause: error },
        ),
    );
  }

  async function pump(lane: Lane): Promise<void> {
    if (lane.writing) return;
    lane.writing = true;
    let crashed = false;
    try {
      let next = pendingCount(lane) > 0 ? takeBatch(lane) : undefined;
      while (next) {
        const current = next;
        const written = writeBatchSafely(current);
        next = undefined;
        if (fullBatchPending(lane)) {
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
          for (let before = -1, turns = 0; pendingCount(lane) > before && !fullBatchPending(lane) && turns < 16; turns++) {
            before = pendingCount(lane);
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        if (!next && pendingCount(lane) > 0) next = takeBatch(lane);
      }
    } catch (error) {
      // A fault of the sink's own bookkeeping: reported, never an unhandled rejection; the lane tries again.
      crashed = true;
      console.error(`weir event sink: lane ${lane.index} failed while writing events; retrying`, error);
    } finally {
      lane.writing = false;
    }
    if (crashed && pendingCount(lane) > 0) setTimeout(() => kick(lane), maxDelayMs).unref();
  }

  function kick(lane: Lane): void {
    if (lane.timer) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    pump(lane).catch((error: unknown) => console.error("weir event sink: unexpected pump failure", error));
  }

  /** Resolves (never rejects) once every lane settled what was appended so far, with the first failure among it. */
  function lanesSettled(): Promise<EventSinkWriteError | undefined> {
    if (lanes.every((l) => l.settled >= l.appended)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      waiters.push({ targets: lanes.map((l) => l.appended), resolve });
      for (const lane of lanes) if (!lane.writing && pendingCount(lane) > 0) kick(lane);
    });
  }

  async function flush(): Promise<void> {
    const failure = await lanesSettled();
    // The RUN_FAILURE of a run being failed is written after its accepted events: wait for it as well,
    // so a caller that reads the run's last seq next (writeServerEvents) sees it.
    while (failureWrites.size > 0) await Promise.all([...failureWrites]);
    if (failure) throw failure;
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

  function enqueue(encoded: EncodedEvent): void {
    const entry = laneFor(encoded.event.runId);
    entry.pending++;
    const { lane } = entry;
    lane.buffer.push(encoded);
    lane.pendingBytes += encoded.bytes;
    lane.appended++;
    bufferedEvents++;
    bufferedBytes += encoded.bytes;
    if (lane.writing) return; // the running pump picks it up when the current batch commits
    if (flushMs === 0 || fullBatchPending(lane)) kick(lane);
    else if (!lane.timer) lane.timer = setTimeout(() => kick(lane), flushMs);
  }

  /**
   * Stops accepting the run's events and, once every event accepted so far is stored, writes its
   * RUN_FAILURE with `reason` after the last stored one (a finished run keeps its status).
   */
  function failRun(runId: string, reason: string, data: Record<string, unknown>): FailingRun {
    const key = runId.toLowerCase();
    const existing = failingRuns.get(key);
    if (existing) return existing;
    const failing: FailingRun = { runId, reason, data, dropped: 0 };
    failingRuns.set(key, failing);
    const write: Promise<void> = (async () => {
      await lanesSettled();
      let seq: number;
      for (;;) {
        try {
          seq = (await maxSeq(store, runId)) + 1;
          databaseIsBack();
          break;
        } catch (error) {
          if (!isTransientDatabaseError(error)) throw error;
          await waitForDatabase(error, `reading the last event of run ${runId} to record its failure`);
        }
      }
      enqueue(
        encodeEvent(
          {
            runId,
            seq,
            type: "RUN_FAILURE",
            stepKey: null,
            level: "ERROR",
            message: `run failed: ${reason}`,
            timestamp: Date.now(),
            data: { reason, ...data, droppedEvents: failing.dropped },
          },
          maxEventBytes,
        ),
      );
      await lanesSettled();
    })()
      .catch((error: unknown) =>
        console.error(`weir event sink: could not record the failure of run ${runId} (${reason}):`, error),
      )
      .finally(() => failureWrites.delete(write));
    failureWrites.add(write);
    return failing;
  }

  return {
    append(event) {
      if (closed) throw new Error(`event sink is closed: cannot append event ${event?.seq} of run ${event?.runId}`);
      validate(event, lastRun?.runId);
      if (failingRuns.size > 0) {
        const failing = failingRuns.get(event.runId.toLowerCase());
        if (failing) {
          failing.dropped++;
          return;
        }
      }
      let encoded: EncodedEvent;
      try {
        encoded = encodeEvent(event, maxEventBytes);
      } catch (error) {
        // encodeEvent copes with any content; this is a fault of its own, kept to the event's run.
        failRun(event.runId, `event ${event.seq} (${event.type}) could not be encoded: ${(error as Error).message}`, {
          firstUnstoredSeq: event.seq,
        }).dropped++;
        return;
      }
      const overEvents = bufferedEvents + 1 > maxBufferedEvents;
      if (overEvents || bufferedBytes + encoded.bytes > maxBufferedBytes) {
        const limit = overEvents
          ? `eventSink.maxBufferedEvents = ${maxBufferedEvents}`
          : `eventSink.maxBufferedBytes = ${maxBufferedBytes}`;
        const reason =
          `the event buffer overflowed: ${bufferedEvents} events (${bufferedBytes} bytes) were waiting to be stored ` +
          `(limit ${limit}), so events of this run from seq ${event.seq} on were not stored`;
        failRun(event.runId, reason, {
          eventBufferOverflow: {
            firstUnstoredSeq: event.seq,
            bufferedEvents,
            bufferedBytes,
            maxBufferedEvents,
            maxBufferedBytes,
          },
        }).dropped++;
        return;
      }
      enqueue(encoded);
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
