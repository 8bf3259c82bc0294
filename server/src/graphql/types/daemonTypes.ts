// The daemon in the API: run queue limits (read, set, reset), why each queued run waits, and the
// heartbeats of every daemon loop on this database.
import { ZodError } from "zod";
import { DAEMON_LOOP_NAMES, findDaemonLoop } from "../../daemon/daemonLoops.ts";
import { readDaemonHealth, type LoopHealth } from "../../daemon/heartbeats.ts";
import type { TagConcurrencyLimit, WaitReason } from "../../runs/queueLimits.ts";
import { explainQueue, readEffectiveLimits, type QueuedRunExplanation } from "../../runs/runQueue.ts";
import { resetRunQueueLimits, setRunQueueLimits } from "../../runs/runQueueSettings.ts";
import { WeirApiError } from "../../errors.ts";
import { builder } from "../builder.ts";
import { ErrorInterface } from "./errorTypes.ts";
import { InstanceType, RunQueueInfo } from "./instanceTypes.ts";

export class InvalidRunQueueLimitsError extends WeirApiError {
  constructor(readonly problems: string[]) {
    super(`invalid run queue limits: ${problems.join("; ")}`);
    this.name = "InvalidRunQueueLimitsError";
  }
}

/** The run queue's and daemon's fields on Instance, and setRunQueueLimits. */
export function registerDaemonTypes(): void {
  builder.objectType(InvalidRunQueueLimitsError, {
    name: "InvalidRunQueueLimitsError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ problems: t.exposeStringList("problems") }),
  });

  const TagConcurrencyLimitType = builder.objectRef<TagConcurrencyLimit>("TagConcurrencyLimit").implement({
    description:
      "At most `limit` runs in progress with tag `key` (= `value` when given; per distinct value with perUniqueValue).",
    fields: (t) => ({
      key: t.exposeString("key"),
      value: t.string({ nullable: true, resolve: (l) => l.value ?? null }),
      limit: t.exposeInt("limit"),
      perUniqueValue: t.boolean({ resolve: (l) => l.perUniqueValue ?? false }),
    }),
  });

  const TagConcurrencyLimitInput = builder.inputType("TagConcurrencyLimitInput", {
    fields: (t) => ({
      key: t.string({ required: true }),
      value: t.string({ required: false }),
      limit: t.int({ required: true }),
      perUniqueValue: t.boolean({ required: false }),
    }),
  });

  const RunQueueLimitsInput = builder.inputType("RunQueueLimitsInput", {
    fields: (t) => ({
      maxConcurrentRuns: t.int({ required: true }),
      tagConcurrencyLimits: t.field({ type: [TagConcurrencyLimitInput], required: false }),
    }),
  });

  const QueueWaitKind = builder.enumType("QueueWaitKind", { values: ["MAX_CONCURRENT_RUNS", "TAG_CONCURRENCY_LIMIT"] as const });
  const LimitsSource = builder.enumType("RunQueueLimitsSource", { values: ["CONFIG", "API"] as const });

  const QueuedRunType = builder.objectRef<QueuedRunExplanation>("QueuedRun").implement({
    description: "A queued run, in dequeue order, and why it has not started.",
    fields: (t) => ({
      runId: t.exposeString("runId"),
      priority: t.exposeInt("priority"),
      createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
      waitKind: t.field({
        type: QueueWaitKind,
        nullable: true,
        description: "Null when it starts at the queue's next pass.",
        resolve: (r) => r.reason?.kind ?? null,
      }),
      reason: t.string({ resolve: (r) => r.reason?.message ?? "a slot is free: it starts at the queue's next pass" }),
      blockingLimit: t.field({
        type: TagConcurrencyLimitType,
        nullable: true,
        resolve: (r) => (r.reason as Extract<WaitReason, { kind: "TAG_CONCURRENCY_LIMIT" }> | null)?.limit ?? null,
      }),
    }),
  });

  builder.objectFields(RunQueueInfo, (t) => ({
    tagConcurrencyLimits: t.field({ type: [TagConcurrencyLimitType], resolve: (q) => q.tagConcurrencyLimits }),
    limitsSource: t.field({
      type: LimitsSource,
      description: "API once setRunQueueLimits was used, else the config file.",
      resolve: (q) => q.source,
    }),
    limitsUpdatedAt: t.field({ type: "DateTime", nullable: true, resolve: (q) => q.updatedAt }),
    queuedRuns: t.field({
      type: [QueuedRunType],
      description: "The first queued runs in dequeue order (priority, then age), each with why it waits.",
      args: { first: t.arg.int({ required: false, defaultValue: 50 }) },
      resolve: async (_q, { first }, ctx) =>
        (await explainQueue(ctx.instance, ctx.instance.config.runQueue, Math.min(1000, Math.max(0, first ?? 50)))).runs,
    }),
  }));

  const DaemonLoopHealthType = builder.objectRef<LoopHealth>("DaemonLoopHealth").implement({
    fields: (t) => ({
      daemonId: t.exposeString("daemonId"),
      loopName: t.exposeString("loopName", {
        description: `One of ${DAEMON_LOOP_NAMES.join(", ")} (or a loop only another Weir version runs).`,
      }),
      label: t.string({
        description: "The loop's human name (its name when this server does not know the loop).",
        resolve: (h) => findDaemonLoop(h.loopName)?.label ?? h.loopName,
      }),
      description: t.string({
        nullable: true,
        description: "What the loop does.",
        resolve: (h) => findDaemonLoop(h.loopName)?.description ?? null,
      }),
      lastHeartbeat: t.field({ type: "DateTime", resolve: (h) => h.lastHeartbeat }),
      lastError: t.string({ nullable: true, resolve: (h) => h.lastError }),
      healthy: t.boolean({
        description:
          "Its heartbeat is fresher than three heartbeat intervals (database time) and, on PostgreSQL, its daemon process is alive.",
        resolve: (h) => h.healthy,
      }),
    }),
  });

  builder.objectFields(InstanceType, (t) => ({
    daemonHealth: t.field({
      type: [DaemonLoopHealthType],
      description: "Every loop of every daemon that wrote a heartbeat in the last day.",
      resolve: (_i, _a, ctx) => readDaemonHealth(ctx.instance.store, 3 * ctx.instance.config.daemon.heartbeatIntervalMs),
    }),
  }));

  builder.mutationFields((t) => ({
    setRunQueueLimits: t.field({
      type: RunQueueInfo,
      description: "Sets the run queue limits for every process on this database (they win over the config file until reset).",
      authScopes: { admin: true },
      args: { input: t.arg({ type: RunQueueLimitsInput, required: true }) },
      errors: { types: [InvalidRunQueueLimitsError], union: { name: "SetRunQueueLimitsResult" }, directResult: true },
      resolve: async (_r, { input }, ctx) => {
        const limits = {
          maxConcurrentRuns: input.maxConcurrentRuns,
          tagConcurrencyLimits: (input.tagConcurrencyLimits ?? []).map((l) => ({
            key: l.key,
            limit: l.limit,
            ...(l.value != null ? { value: l.value } : {}),
            ...(l.perUniqueValue != null ? { perUniqueValue: l.perUniqueValue } : {}),
          })),
        };
        try {
          await setRunQueueLimits(ctx.instance.store, limits);
        } catch (error) {
          if (error instanceof ZodError)
            throw new InvalidRunQueueLimitsError(error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`));
          throw error;
        }
        ctx.instance.bus.signal("runQueueLimitsChanged");
        return readEffectiveLimits(ctx.instance, ctx.instance.config.runQueue);
      },
    }),
    resetRunQueueLimits: t.field({
      type: RunQueueInfo,
      description: "Forgets the limits set through the API: the config file's apply again.",
      authScopes: { admin: true },
      errors: { types: [], union: { name: "ResetRunQueueLimitsResult" }, directResult: true },
      resolve: async (_r, _a, ctx) => {
        await resetRunQueueLimits(ctx.instance.store);
        ctx.instance.bus.signal("runQueueLimitsChanged");
        return readEffectiveLimits(ctx.instance, ctx.instance.config.runQueue);
      },
    }),
  }));
}
