import { resolveCursorConnection, type ResolveCursorConnectionArgs } from "@pothos/plugin-relay";
import type { EventType, LogLevel } from "@weir/sdk";
import type { Prisma } from "../../generated/prisma/client.ts";
import { getEvents } from "../../store/events.ts";
import { builder } from "../builder.ts";
import { EventTypeEnum, LogLevelEnum, RunStatusEnum } from "./enums.ts";
import { RunEventType } from "./runEventTypes.ts";
import { TagInput } from "./tagTypes.ts";

export const RunsFilter = builder.inputType("RunsFilter", {
  fields: (t) => ({
    statuses: t.field({ type: [RunStatusEnum], required: false }),
    job: t.string({ required: false }),
    tags: t.field({ type: [TagInput], required: false, description: "Runs carrying every one of these tags." }),
    createdBefore: t.field({ type: "DateTime", required: false }),
    createdAfter: t.field({ type: "DateTime", required: false }),
  }),
});

export interface RunsFilterValue {
  statuses?: readonly string[] | null;
  job?: string | null;
  tags?: readonly { key: string; value: string }[] | null;
  createdBefore?: Date | null;
  createdAfter?: Date | null;
}

export function runsWhere(filter: RunsFilterValue | null | undefined): Prisma.RunWhereInput {
  if (!filter) return {};
  const where: Prisma.RunWhereInput = {};
  if (filter.statuses?.length) where.status = { in: filter.statuses as Prisma.EnumRunStatusFilter["in"] };
  if (filter.job) where.jobName = filter.job;
  if (filter.createdBefore || filter.createdAfter) {
    where.createdAt = {
      ...(filter.createdBefore ? { lt: filter.createdBefore } : {}),
      ...(filter.createdAfter ? { gt: filter.createdAfter } : {}),
    };
  }
  if (filter.tags?.length) where.AND = filter.tags.map((tag) => ({ tags: { path: [tag.key], equals: tag.value } }));
  return where;
}

/** The run queries: runs, run, runEvents. */
export function registerRunQueries(): void {
  builder.queryFields((t) => ({
    runs: t.prismaConnection({
      type: "Run",
      cursor: "id",
      description: "Runs, newest first.",
      args: { filter: t.arg({ type: RunsFilter, required: false }) },
      resolve: (query, _root, args, ctx) =>
        ctx.instance.store.prisma.run.findMany({
          ...query,
          where: runsWhere(args.filter),
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        }),
    }),
    run: t.prismaField({
      type: "Run",
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, args, ctx) => {
        const id = String(args.id);
        // Not a UUID: no run can match, and PostgreSQL would reject the cast.
        if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
        return ctx.instance.store.prisma.run.findUnique({ ...query, where: { id } });
      },
    }),
    runEvents: t.connection({
      type: RunEventType,
      description: "A run's log, oldest first; page with after/first (or before/last). The cursor is the event's seq.",
      args: {
        runId: t.arg.id({ required: true }),
        types: t.arg({ type: [EventTypeEnum], required: false }),
        stepKey: t.arg.string({ required: false }),
        levels: t.arg({ type: [LogLevelEnum], required: false }),
      },
      resolve: (_root, args, ctx) =>
        resolveCursorConnection(
          { args, toCursor: (event) => String(event.seq), defaultSize: 1000, maxSize: 10_000 },
          ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) =>
            getEvents(ctx.instance.store, String(args.runId), {
              afterSeq: after === undefined ? undefined : Number(after),
              beforeSeq: before === undefined ? undefined : Number(before),
              limit,
              descending: inverted,
              types: (args.types as EventType[] | null | undefined) ?? undefined,
              stepKey: args.stepKey ?? undefined,
              levels: (args.levels as LogLevel[] | null | undefined) ?? undefined,
            }),
        ),
    }),
  }));
}
