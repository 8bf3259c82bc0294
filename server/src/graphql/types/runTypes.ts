import { canTerminate, type RunStatus } from "@weir/sdk";
import { builder } from "../builder.ts";
import { RunStatusEnum } from "./enums.ts";
import { TagType, tagsToList } from "./tagTypes.ts";

function durationMs(start: Date | null, end: Date | null): number | null {
  if (!start) return null;
  return (end ?? new Date()).getTime() - start.getTime();
}

export const StepStatsType = builder.prismaObject("StepStats", {
  name: "StepStats",
  fields: (t) => ({
    stepKey: t.exposeString("stepKey"),
    status: t.exposeString("status"),
    attempts: t.exposeInt("attempts"),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    durationMs: t.float({ nullable: true, resolve: (s) => durationMs(s.startedAt, s.endedAt) }),
  }),
});

export const RunType = builder.prismaObject("Run", {
  fields: (t) => ({
    id: t.exposeID("id"),
    jobName: t.exposeString("jobName"),
    locationName: t.exposeString("locationName", { nullable: true }),
    status: t.field({ type: RunStatusEnum, resolve: (r) => r.status }),
    config: t.expose("config", { type: "JSON" }),
    tags: t.field({ type: [TagType], resolve: (r) => tagsToList(r.tags) }),
    priority: t.exposeInt("priority"),
    stepSelection: t.stringList({ nullable: true, resolve: (r) => (r.stepSelection as string[] | null) ?? null }),
    assetSelection: t.stringList({ nullable: true, resolve: (r) => (r.assetSelection as string[] | null) ?? null }),
    partitionKey: t.exposeString("partitionKey", { nullable: true }),
    parentRunId: t.exposeString("parentRunId", { nullable: true }),
    rootRunId: t.exposeString("rootRunId", { nullable: true }),
    parentRun: t.prismaField({
      type: "Run",
      nullable: true,
      resolve: (query, run, _args, ctx) =>
        run.parentRunId ? ctx.instance.store.prisma.run.findUnique({ ...query, where: { id: run.parentRunId } }) : null,
    }),
    rootRun: t.prismaField({
      type: "Run",
      nullable: true,
      resolve: (query, run, _args, ctx) =>
        run.rootRunId ? ctx.instance.store.prisma.run.findUnique({ ...query, where: { id: run.rootRunId } }) : null,
    }),
    launcher: t.exposeString("launcher", { nullable: true }),
    failureReason: t.exposeString("failureReason", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    durationMs: t.float({ nullable: true, resolve: (r) => durationMs(r.startedAt, r.endedAt) }),
    canTerminate: t.boolean({ resolve: (r) => canTerminate(r.status as RunStatus) }),
    steps: t.relation("steps", { query: { orderBy: [{ startedAt: "asc" }, { stepKey: "asc" }] } }),
  }),
});
