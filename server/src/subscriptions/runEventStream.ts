// The `runEvents` subscription: replays stored events after the client's cursor, then streams live ones.
// It listens to the sink BEFORE reading the store, so an event stored while the replay is read is either
// in a page or in the live buffer; anything at or below the cursor already sent is dropped, so there is
// no gap and no duplicate. It completes once the run's final event has been delivered. When the sink says
// live events may have been missed (the LISTEN connection to other processes was lost and is back), the
// stream re-reads the store from its cursor.
import { TERMINAL_RUN_EVENTS, isFinished, type RunStatus, type WeirEvent } from "@weir/sdk";
import { RunNotFoundError } from "../errors.ts";
import type { EventSink } from "../events/eventSink.ts";
import { getEvents } from "../store/events.ts";
import type { Store } from "../store/openStore.ts";

const REPLAY_PAGE = 1000;

export interface RunEventStreamOptions {
  store: Store;
  sink: EventSink;
  runId: string;
  /** Sequence number of the last event the client has; 0 replays from the start. */
  afterSeq: number;
  signal?: AbortSignal;
}

export async function* streamRunEvents(options: RunEventStreamOptions): AsyncGenerator<WeirEvent[]> {
  const { store, sink, runId, signal } = options;
  let live: WeirEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = sink.subscribe((batch) => {
    let mine: WeirEvent[] | undefined;
    for (const event of batch) if (event.runId === runId) (mine ??= []).push(event);
    if (!mine) return;
    live.push(...mine);
    wake?.();
  });
  let resync = false;
  const unsubscribeResync = sink.subscribeResync?.(() => {
    resync = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    const run = await store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!run) throw new RunNotFoundError(runId);
    let cursor = options.afterSeq;
    let ended = false;

    /** Stored events after the cursor, page by page (a resync asked for before the read starts is covered by it). */
    async function* replay(): AsyncGenerator<WeirEvent[]> {
      resync = false;
      for (;;) {
        const page = await getEvents(store, runId, { afterSeq: cursor, limit: REPLAY_PAGE });
        if (page.length === 0) break;
        cursor = page[page.length - 1]!.seq;
        ended = page.some((e) => TERMINAL_RUN_EVENTS.has(e.type));
        yield page;
        if (page.length < REPLAY_PAGE) break;
      }
    }
    yield* replay();
    // A finished run whose final event was already sent before the cursor has nothing more to stream.
    if (!ended && isFinished(run.status as RunStatus)) {
      const status = await store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
      if (status && isFinished(status.status as RunStatus) && live.every((e) => e.seq <= cursor)) return;
    }

    while (!ended && !signal?.aborted) {
      if (resync) {
        yield* replay();
        continue;
      }
      if (live.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const batch = live.filter((e) => e.seq > cursor);
      live = [];
      if (batch.length === 0) continue;
      batch.sort((a, b) => a.seq - b.seq);
      cursor = batch[batch.length - 1]!.seq;
      ended = batch.some((e) => TERMINAL_RUN_EVENTS.has(e.type));
      yield batch;
    }
  } finally {
    unsubscribe();
    unsubscribeResync?.();
    signal?.removeEventListener("abort", onAbort);
  }
}
