// The event sink the run lifecycle writes through: the batching sink, plus `announce` for the lifecycle
// events the server stores itself in the statement that changes their run (a new run and its
// RUN_ENQUEUED, a claim and its RUN_DEQUEUED and RUN_STARTING). Those skip a batch, a round trip fewer on
// the way to a run's start, yet reach the same subscribers: the API's streams and, through the bus, the
// other processes. They are stored before the run's worker starts, so they precede every event of the
// run that passes through the batches and subscribers still see each run's events in seq order.
import type { WeirEvent } from "@weir/sdk";
import type { EventListener, EventSink } from "./eventSink.ts";

export interface RunEventSink extends EventSink {
  /** Publishes events already committed to the store to this sink's subscribers. */
  announce(events: WeirEvent[]): void;
}

export function withAnnouncements(sink: EventSink): RunEventSink {
  const listeners = new Set<EventListener>();
  return {
    ...sink,
    subscribe(listener) {
      const fromBatches = sink.subscribe(listener);
      listeners.add(listener);
      return () => {
        fromBatches();
        listeners.delete(listener);
      };
    },
    announce(events) {
      if (events.length === 0) return;
      for (const listener of listeners) {
        try {
          listener(events);
        } catch (error) {
          console.error("weir event sink: a subscriber threw on announced events (they are stored; other subscribers still ran):", error);
        }
      }
    },
  };
}
