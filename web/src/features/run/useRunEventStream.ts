"use client";
// A run's whole event log, live: the runEvents subscription replays stored events after a cursor and
// then streams new ones. After a lost websocket, graphql-ws re-sends the same subscribe payload on the
// new socket; this hook keeps that payload's `after` at the last seq received, so the stream resumes
// exactly where it stopped (no gap), and drops anything at or below it (no duplicate).
import { useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { stringifyDocument } from "@urql/core";
import { RunEventsDocument, RunLogHeadDocument, type RunEventsSubscription } from "@/graphql/generated/graphql";
import type { RunEvent } from "@/graphql/types";
import { useWsClient } from "@/graphql/WeirProvider";
import { LOG_HEAD_SIZE, takePreloadedLogHead } from "./logHeadPreload";

const SUBSCRIPTION = stringifyDocument(RunEventsDocument);
const FLUSH_MS = 60;

/** Runs `fn` once the browser has painted the next frame; returns a function that cancels it. */
function afterNextPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(fn, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

export interface RunEventStream {
  /** Every event received so far, in seq order. The array is appended to in place; `version` changes when it grows. */
  events: RunEvent[];
  version: number;
  /** The server completed the stream: the run has ended and every event is here. */
  complete: boolean;
  error: string | null;
}

export function useRunEventStream(runId: string, onEvents?: (batch: RunEvent[]) => void): RunEventStream {
  const ws = useWsClient();
  const urql = useClient();
  const eventsRef = useRef<RunEvent[]>([]);
  const [version, setVersion] = useState(0);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onEventsRef = useRef(onEvents);
  onEventsRef.current = onEvents;

  useEffect(() => {
    const events: RunEvent[] = [];
    eventsRef.current = events;
    setVersion((v) => v + 1);
    setComplete(false);
    setError(null);
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = (now: boolean) => {
      if (now) {
        if (timer) clearTimeout(timer);
        timer = null;
        setVersion((v) => v + 1);
        return;
      }
      timer ??= setTimeout(() => {
        timer = null;
        if (!disposed) setVersion((v) => v + 1);
      }, FLUSH_MS);
    };
    const payload = { query: SUBSCRIPTION, variables: { runId, after: 0 } };
    // Appends events newer than the last one held, whichever source they come from.
    const append = (batch: RunEvent[]) => {
      const fresh = batch.filter((e) => e.seq > payload.variables.after);
      if (!fresh.length || disposed) return;
      const first = events.length === 0;
      for (const event of fresh) events.push(event);
      payload.variables.after = fresh[fresh.length - 1]!.seq;
      onEventsRef.current?.(fresh);
      flush(first);
    };
    // The head of the log comes first over plain HTTP, and only then the subscription (from the head's
    // last seq): a long run's replay would otherwise crowd the head out, on the server and in the page.
    let dispose = () => {};
    const subscribe = () => {
      dispose = ws.subscribe<RunEventsSubscription>(payload, {
        next: (message) => {
          if (message.errors?.length) setError(message.errors.map((e) => e.message).join("; "));
          append((message.data?.runEvents.events ?? []) as RunEvent[]);
        },
        error: (err) => {
          if (disposed) return;
          const messages = Array.isArray(err)
            ? err.map((e: { message: string }) => e.message)
            : [err instanceof Error ? err.message : String((err as { reason?: string }).reason ?? err)];
          setError(messages.join("; "));
        },
        complete: () => {
          if (disposed) return;
          if (timer) clearTimeout(timer);
          timer = null;
          setVersion((v) => v + 1);
          setComplete(true);
        },
      });
    };
    // The head comes from the page's inline preload when there is one. The subscription opens once the
    // head is on screen (after the next paint): its replay of a long log keeps both the API and this page
    // busy, and would otherwise delay the head's first paint.
    let cancelSubscribe = () => {};
    const head =
      takePreloadedLogHead(runId) ??
      urql
        .query(RunLogHeadDocument, { runId, first: LOG_HEAD_SIZE }, { requestPolicy: "network-only" })
        .toPromise()
        .then((r) => (r.data?.runEvents.edges.map((e) => e.node) as RunEvent[] | undefined) ?? null);
    void head
      .then((batch) => batch && append(batch))
      .catch(() => undefined)
      .finally(() => {
        if (!disposed) cancelSubscribe = afterNextPaint(subscribe);
      });
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      cancelSubscribe();
      dispose();
    };
  }, [ws, urql, runId]);

  return { events: eventsRef.current, version, complete, error };
}
