// Schedules and sensors: their definitions from the code locations and their stored on/off state and cursor.
// Starting, stopping and setting a cursor persist the state and wake the daemons (in any process) at once.
import type { ScheduleSnapshot, SensorSnapshot } from "../../codeLocations/codeLocationManager.ts";
import { InstigatorNotFoundError } from "../../errors.ts";
import type { InstigatorState } from "../../generated/prisma/client.ts";
import { builder } from "../builder.ts";
import type { GraphQLContext } from "../context.ts";
import { setCursor, setStatus } from "../../instigators/instigatorStates.ts";

type Kind = "SCHEDULE" | "SENSOR";

export interface ScheduleNode {
  schedule: ScheduleSnapshot;
  locationName: string;
  state: InstigatorState | null;
}

export interface SensorNode {
  sensor: SensorSnapshot;
  locationName: string;
  state: InstigatorState | null;
}

const InstigatorStatusEnum = builder.enumType("InstigatorStatus", { values: ["RUNNING", "STOPPED"] as const });

export const ScheduleType = builder.objectRef<ScheduleNode>("Schedule").implement({
  fields: (t) => ({
    name: t.string({ resolve: (s) => s.schedule.name }),
    cron: t.string({ resolve: (s) => s.schedule.cron }),
    timezone: t.string({ resolve: (s) => s.schedule.timezone }),
    jobName: t.string({ resolve: (s) => s.schedule.jobName }),
    locationName: t.exposeString("locationName"),
    status: t.field({ type: InstigatorStatusEnum, resolve: (s) => s.state?.status ?? s.schedule.defaultStatus }),
  }),
});

export const SensorType = builder.objectRef<SensorNode>("Sensor").implement({
  fields: (t) => ({
    name: t.string({ resolve: (s) => s.sensor.name }),
    intervalSeconds: t.int({ resolve: (s) => s.sensor.intervalSeconds }),
    jobName: t.string({ resolve: (s) => s.sensor.jobName }),
    locationName: t.exposeString("locationName"),
    status: t.field({ type: InstigatorStatusEnum, resolve: (s) => s.state?.status ?? s.sensor.defaultStatus }),
    cursor: t.string({ nullable: true, resolve: (s) => s.state?.cursor ?? null }),
  }),
});

async function states(ctx: GraphQLContext, kind: Kind): Promise<Map<string, InstigatorState>> {
  const rows = await ctx.instance.store.prisma.instigatorState.findMany({ where: { kind } });
  return new Map(rows.map((r) => [r.name, r]));
}

async function scheduleNode(ctx: GraphQLContext, name: string): Promise<ScheduleNode> {
  const found = ctx.instance.locations.findSchedule(name);
  if (!found) throw new InstigatorNotFoundError("schedule", name);
  const state = await ctx.instance.store.prisma.instigatorState.findUnique({ where: { kind_name: { kind: "SCHEDULE", name } } });
  return { schedule: found.schedule, locationName: found.location.name, state };
}

async function sensorNode(ctx: GraphQLContext, name: string): Promise<SensorNode> {
  const found = ctx.instance.locations.findSensor(name);
  if (!found) throw new InstigatorNotFoundError("sensor", name);
  const state = await ctx.instance.store.prisma.instigatorState.findUnique({ where: { kind_name: { kind: "SENSOR", name } } });
  return { sensor: found.sensor, locationName: found.location.name, state };
}

async function saveState(
  ctx: GraphQLContext,
  kind: Kind,
  name: string,
  locationName: string,
  change: { status?: "RUNNING" | "STOPPED"; cursor?: string | null },
  defaultStatus: "RUNNING" | "STOPPED",
) {
  const ref = { kind, name, locationName, defaultStatus };
  if (change.status) await setStatus(ctx.instance.store, ref, change.status);
  if (change.cursor !== undefined) await setCursor(ctx.instance.store, ref, change.cursor);
  ctx.instance.bus.signal("instigatorsChanged", { kind, name });
}

/** The schedule and sensor queries and mutations. */
export function registerInstigatorTypes(): void {
  builder.queryFields((t) => ({
    schedules: t.field({
      type: [ScheduleType],
      resolve: async (_r, _a, ctx) => {
        const stored = await states(ctx, "SCHEDULE");
        return ctx.instance.locations.list().flatMap((l) =>
          (l.snapshot?.schedules ?? []).map((schedule) => ({
            schedule,
            locationName: l.name,
            state: stored.get(schedule.name) ?? null,
          })),
        );
      },
    }),
    sensors: t.field({
      type: [SensorType],
      resolve: async (_r, _a, ctx) => {
        const stored = await states(ctx, "SENSOR");
        return ctx.instance.locations.list().flatMap((l) =>
          (l.snapshot?.sensors ?? []).map((sensor) => ({
            sensor,
            locationName: l.name,
            state: stored.get(sensor.name) ?? null,
          })),
        );
      },
    }),
  }));

  const errors = (union: string) => ({ types: [InstigatorNotFoundError], union: { name: union }, directResult: true as const });

  builder.mutationFields((t) => ({
    startSchedule: t.field({
      type: ScheduleType,
      args: { name: t.arg.string({ required: true }) },
      errors: errors("StartScheduleResult"),
      resolve: async (_r, { name }, ctx) => {
        const node = await scheduleNode(ctx, name);
        await saveState(ctx, "SCHEDULE", name, node.locationName, { status: "RUNNING" }, node.schedule.defaultStatus);
        return scheduleNode(ctx, name);
      },
    }),
    stopSchedule: t.field({
      type: ScheduleType,
      args: { name: t.arg.string({ required: true }) },
      errors: errors("StopScheduleResult"),
      resolve: async (_r, { name }, ctx) => {
        const node = await scheduleNode(ctx, name);
        await saveState(ctx, "SCHEDULE", name, node.locationName, { status: "STOPPED" }, node.schedule.defaultStatus);
        return scheduleNode(ctx, name);
      },
    }),
    startSensor: t.field({
      type: SensorType,
      args: { name: t.arg.string({ required: true }) },
      errors: errors("StartSensorResult"),
      resolve: async (_r, { name }, ctx) => {
        const node = await sensorNode(ctx, name);
        await saveState(ctx, "SENSOR", name, node.locationName, { status: "RUNNING" }, node.sensor.defaultStatus);
        return sensorNode(ctx, name);
      },
    }),
    stopSensor: t.field({
      type: SensorType,
      args: { name: t.arg.string({ required: true }) },
      errors: errors("StopSensorResult"),
      resolve: async (_r, { name }, ctx) => {
        const node = await sensorNode(ctx, name);
        await saveState(ctx, "SENSOR", name, node.locationName, { status: "STOPPED" }, node.sensor.defaultStatus);
        return sensorNode(ctx, name);
      },
    }),
    setSensorCursor: t.field({
      type: SensorType,
      args: { name: t.arg.string({ required: true }), cursor: t.arg.string({ required: false }) },
      errors: errors("SetSensorCursorResult"),
      resolve: async (_r, { name, cursor }, ctx) => {
        const node = await sensorNode(ctx, name);
        await saveState(ctx, "SENSOR", name, node.locationName, { cursor: cursor ?? null }, node.sensor.defaultStatus);
        return sensorNode(ctx, name);
      },
    }),
  }));
}
