import type { WeirEvent } from "@weir/sdk";
import { Repeater } from "graphql-yoga";
import type { RunStatusChange } from "../../store/runStatusBus.ts";
import { streamRunEvents } from "../../subscriptions/runEventStream.ts";
import { builder } from "../builder.ts";
import { RunStatusEnum } from "./enums.ts";
import { RunEventType } from "./runEventTypes.ts";
import { RunsFilter, runsWhere, type RunsFilterValue } from "./runQueries.ts";

interface RunEventsMessage {
  events: WeirEvent[];
}

/** The runEvents and runStatusChanged subscriptions. */
export function registerSubscriptionTypes(): void {
  const RunEventsMessageType = builder.objectRef<RunEventsMessage>("RunEventsMessage").implement({
    description: "Events of a run in order; the last one's seq is the cursor to resume from.",
    fields: (t) => ({
      events: t.field({ type: [RunEventType], resolve: (m) => m.events }),
      cursor: t.int({ resolve: (m) => m.events[m.events.length - 1]?.seq ?? 0 }),
    }),
  });

  const RunStatusChangeType = builder.objectRef<RunStatusChange>("RunStatusChange").implement({
    fields: (t) => ({
      runId: t.exposeString("runId"),
      status: t.field({ type: RunStatusEnum, resolve: (c) => c.status }),
      previousStatus: t.field({ type: RunStatusEnum, nullable: true, resolve: (c) => c.previous ?? null }),
      run: t.prismaField({
        type: "Run",
        nullable: true,
        resolve: (query, change, _args, ctx) =>
          ctx.instance.store.prisma.run.findUnique({ ...query, where: { id: change.runId } }),
      }),
    }),
  });

  builder.subscriptionFields((t) => ({
    runEvents: t.field({
      type: RunEventsMessageType,
      description:
        "Replays the run's stored events after `after` (a seq; 0 = from the start), then streams new ones; completes after the run's final event.",
      args: { runId: t.arg.id({ required: true }), after: t.arg.int({ required: false, defaultValue: 0 }) },
      subscribe: (_root, args, ctx) =>
        new Repeater<RunEventsMessage>(async (push, stop) => {
          const abort = new AbortController();
          void stop.then(() => abort.abort());
          try {
            for await (const events of streamRunEvents({
              store: ctx.instance.store,
              sink: ctx.instance.sink,
              runId: String(args.runId),
              afterSeq: args.after ?? 0,
              signal: abort.signal,
            })) {
              // A client that went away stops the replay at the next page instead of reading the rest.
              if (abort.signal.aborted) break;
              await push({ events });
              // Each message gives the event loop a turn: replaying a long log (100,000 events is 100
              // pages) would otherwise hold the process for seconds, and every other request (in `weir
              // dev`, the web UI's own files and proxy too) would wait behind it.
              await new Promise((resolve) => setImmediate(resolve));
            }
            stop();
          } catch (error) {
            stop(error);
          }
        }),
      resolve: (message) => message,
    }),
    runStatusChanged: t.field({
      type: RunStatusChangeType,
      description: "Status changes of runs matching the filter.",
      args: { filter: t.arg({ type: RunsFilter, required: false }) },
      subscribe: (_root, args, ctx) =>
        new Repeater<RunStatusChange>(async (push, stop) => {
          const filter = args.filter as RunsFilterValue | null | undefined;
          const needsLookup = Boolean(
            filter && (filter.tags?.length || filter.createdAfter || filter.createdBefore || filter.job),
          );
          // Lookups are chained so changes reach the client in the order they happened.
          let delivered: Promise<unknown> = Promise.resolve();
          const unsubscribe = ctx.instance.store.statusChanges.subscribe((change) => {
            if (filter?.statuses?.length && !filter.statuses.includes(change.status)) return;
            if (!needsLookup) return void push(change);
            const matches = ctx.instance.store.prisma.run.count({
              where: { AND: [{ id: change.runId }, runsWhere({ ...filter, statuses: null })] },
            });
            delivered = delivered.then(() =>
              matches.then(
                (n) => (n > 0 ? push(change) : undefined),
                () => undefined,
              ),
            );
          });
          await stop;
          unsubscribe();
        }),
      resolve: (change) => change,
    }),
  }));
}
