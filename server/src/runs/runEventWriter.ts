// Events the server itself writes for a run: before its worker starts and after it ends. While a worker
// is alive only the worker numbers the run's events (see WeirEvent in @weir/sdk), so the next sequence
// number is read from the store after everything appended so far has been flushed.
import type { EventType, LogLevel, WeirEvent } from "@weir/sdk";
import { maxSeq } from "../store/events.ts";
import type { RunServices } from "./runServices.ts";

export interface ServerEvent {
  type: EventType;
  message: string;
  level?: LogLevel;
  stepKey?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Appends the events with the run's next sequence numbers (from `firstSeq` when the caller knows it, as for
 * a new run), waits until they are stored, and returns the next free seq.
 */
export async function writeServerEvents(
  services: Pick<RunServices, "sink" | "store">,
  runId: string,
  events: ServerEvent[],
  firstSeq?: number,
): Promise<number> {
  const { sink, store } = services;
  if (firstSeq === undefined) await sink.flush();
  let seq = firstSeq ?? (await maxSeq(store, runId)) + 1;
  for (const e of events) {
    const event: WeirEvent = {
      runId,
      seq: seq++,
      type: e.type,
      stepKey: e.stepKey ?? null,
      level: e.level ?? (e.type === "RUN_FAILURE" ? "ERROR" : "INFO"),
      message: e.message,
      timestamp: Date.now(),
      data: e.data ?? null,
    };
    sink.append(event);
  }
  await sink.flush();
  return seq;
}
