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

const RunQueueInfo = builder.objectRef<{ maxConcurrentRuns: number }>("RunQueueInfo").implement({
  fields: (t) => ({
    maxConcurrentRuns: t.exposeInt("maxConcurrentRuns"),
    queuedCount: t.int({ resolve: (_q, _a, ctx) => ctx.instance.store.prisma.run.count({ where: { status: "QUEUED" } }) }),
    inProgressCount: t.int({
      resolve: (_q, _a, ctx) => ctx.instance.store.prisma.run.count({ where: { status: { in: ["STARTING", "STARTED", "CANCELING"] } } }),
    }),
  }),
});

const InstanceType = builder.objectRef<Record<string, never>>("Instance").implement({
  fields: (t) => ({
    instanceDir: t.string({ resolve: (_i, _a, ctx) => ctx.instance.config.instanceDir }),
    storage: t.field({ type: StorageInfo, resolve: (_i, _a, ctx) => ({ kind: ctx.instance.store.kind, location: ctx.instance.store.describe }) }),
    launcher: t.field({ type: LauncherInfo, resolve: (_i, _a, ctx) => ({ name: ctx.instance.launcher.name, settings: ctx.instance.launcher.describe() }) }),
    runQueue: t.field({ type: RunQueueInfo, resolve: (_i, _a, ctx) => ({ maxConcurrentRuns: ctx.instance.config.runQueue.maxConcurrentRuns }) }),
    daemonRunning: t.boolean({ description: "Whether a daemon evaluates schedules and sensors for this instance.", resolve: () => false }),
  }),
});

builder.queryField("instance", (t) => t.field({ type: InstanceType, resolve: () => ({}) }));
