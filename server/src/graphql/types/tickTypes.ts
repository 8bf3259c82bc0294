// Schedule and sensor ticks in the API: `nextTick` of a schedule and the `ticks` connection (newest first)
// of both, with each tick's status, runs, error, skip reason and cursor.
import { nextTick } from "../../schedules/scheduleTicks.ts";
import { listTicks, type TickStatus } from "../../instigators/ticks.ts";
import type { InstigatorTick } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import type { GraphQLContext } from "../context.ts";
import { ScheduleType, SensorType } from "./instigatorTypes.ts";

/** Ticks and the fields that read them on Schedule and Sensor. */
export function registerTickTypes(): void {
  const TickStatusEnum = builder.enumType("TickStatus", { values: ["STARTED", "SUCCESS", "SKIPPED", "FAILURE"] as const });

  const TickType = builder.objectRef<InstigatorTick>("InstigatorTick").implement({
    description: "One schedule tick or sensor evaluation.",
    fields: (t) => ({
      id: t.string({ resolve: (k) => k.id.toString() }),
      status: t.field({ type: TickStatusEnum, resolve: (k) => k.status as TickStatus }),
      scheduledAt: t.field({
        type: "DateTime",
        nullable: true,
        description: "The cron time a schedule tick stands for.",
        resolve: (k) => k.scheduledAt,
      }),
      timestamp: t.field({ type: "DateTime", description: "When the daemon took the tick.", resolve: (k) => k.createdAt }),
      endedAt: t.field({ type: "DateTime", nullable: true, resolve: (k) => k.endedAt }),
      runIds: t.stringList({ resolve: (k) => (k.runIds as string[] | null) ?? [] }),
      error: t.field({
        type: "JSON",
        nullable: true,
        description: "The error (name, message, stack, cause) of a FAILURE tick.",
        resolve: (k) => k.error ?? null,
      }),
      errorMessage: t.string({ nullable: true, resolve: (k) => (k.error as { message?: string } | null)?.message ?? null }),
      skipReason: t.string({ nullable: true, resolve: (k) => k.skipReason }),
      cursor: t.string({ nullable: true, resolve: (k) => k.cursor }),
    }),
  });

  async function tickConnection(
    ctx: GraphQLContext,
    kind: "SCHEDULE" | "SENSOR",
    name: string,
    args: { first?: number | null; after?: string | null; statuses?: TickStatus[] | null },
  ) {
    const first = Math.min(1000, Math.max(0, args.first ?? 20));
    let before: bigint | null = null;
    if (args.after) {
      try {
        before = BigInt(args.after);
      } catch {
        throw new Error(`ticks: "${args.after}" is not a cursor from this connection`);
      }
    }
    const page = await listTicks(ctx.instance.store, kind, name, { first, before, statuses: args.statuses ?? undefined });
    const edges = page.ticks.map((node) => ({ cursor: node.id.toString(), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: before !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  builder.objectFields(ScheduleType, (t) => ({
    nextTick: t.field({
      type: "DateTime",
      nullable: true,
      description: "The next time the schedule fires, in its time zone (null when it is stopped).",
      resolve: (s) =>
        (s.state?.status ?? s.schedule.defaultStatus) === "RUNNING"
          ? nextTick(s.schedule.cron, s.schedule.timezone, new Date())
          : null,
    }),
    ticks: t.connection({
      type: TickType,
      description: "Ticks, newest first.",
      args: { statuses: t.arg({ type: [TickStatusEnum], required: false }) },
      resolve: (s, args, ctx) => tickConnection(ctx, "SCHEDULE", s.schedule.name, args),
    }),
  }));

  builder.objectFields(SensorType, (t) => ({
    ticks: t.connection({
      type: TickType,
      description: "Evaluations, newest first.",
      args: { statuses: t.arg({ type: [TickStatusEnum], required: false }) },
      resolve: (s, args, ctx) => tickConnection(ctx, "SENSOR", s.sensor.name, args),
    }),
    onRunStatus: t.stringList({
      nullable: true,
      description: "Set for run-status sensors: the run statuses they react to.",
      resolve: (s) => s.sensor.onRunStatus ?? null,
    }),
    monitoredJobs: t.stringList({ nullable: true, resolve: (s) => s.sensor.monitoredJobs ?? null }),
  }));
}
