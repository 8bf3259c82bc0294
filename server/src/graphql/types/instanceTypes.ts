import { IN_PROGRESS_STATUSES } from "@weir/sdk";
import { readDaemonHealth } from "../../daemon/heartbeats.ts";
import { readEffectiveLimits } from "../../runs/runQueue.ts";
import type { EffectiveRunQueueLimits } from "../../runs/runQueueSettings.ts";
import { builder } from "../builder.ts";

const LauncherInfo = builder.objectRef<{ name: string; settings: Record<string, unknown> }>("LauncherInfo").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    settings: t.field({ type: "JSON", description: "The launcher's settings, secrets redacted.", resolve: (l) => l.settings }),
  }),
});

const StorageInfo = builder.objectRef<{ kind: string; location: string }>("StorageInfo").implement({
  fields: (t) => ({ kind: t.exposeString("kind"), location: t.exposeString("location") }),
});

export const RunQueueInfo = builder.objectRef<EffectiveRunQueueLimits>("RunQueueInfo").implement({
  fields: (t) => ({
    maxConcurrentRuns: t.exposeInt("maxConcurrentRuns"),
    queuedCount: t.int({ resolve: (_q, _a, ctx) => ctx.instance.store.prisma.run.count({ where: { status: "QUEUED" } }) }),
    inProgressCount: t.int({
      resolve: (_q, _a, ctx) => ctx.instance.store.prisma.run.count({ where: { status: { in: [...IN_PROGRESS_STATUSES] } } }),
    }),
  }),
});

export const InstanceType = builder.objectRef<Record<string, never>>("Instance").implement({
  fields: (t) => ({
    instanceDir: t.string({ resolve: (_i, _a, ctx) => ctx.instance.config.instanceDir }),
    storage: t.field({
      type: StorageInfo,
      resolve: (_i, _a, ctx) => ({ kind: ctx.instance.store.kind, location: ctx.instance.store.describe }),
    }),
    launcher: t.field({
      type: LauncherInfo,
      resolve: (_i, _a, ctx) => ({ name: ctx.instance.launcher.name, settings: ctx.instance.launcher.describe() }),
    }),
    runQueue: t.field({
      type: RunQueueInfo,
      resolve: (_i, _a, ctx) => readEffectiveLimits(ctx.instance, ctx.instance.config.runQueue),
    }),
    daemonRunning: t.boolean({
      description: "Whether a daemon (in this process or another on the same database) has written a heartbeat recently.",
      resolve: async (_i, _a, ctx) =>
        (await readDaemonHealth(ctx.instance.store, 3 * ctx.instance.config.daemon.heartbeatIntervalMs)).some((h) => h.healthy),
    }),
  }),
});

/** The instance query. */
export function registerInstanceTypes(): void {
  builder.queryField("instance", (t) => t.field({ type: InstanceType, resolve: () => ({}) }));
}
