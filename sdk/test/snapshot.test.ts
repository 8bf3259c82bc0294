import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import {
  ASSET_JOB_NAME,
  defineAsset,
  defineDefinitions,
  defineJob,
  defineOp,
  defineResource,
  defineSchedule,
  defineSensor,
  describeDefinitions,
  executeRun,
  type WeirEvent,
} from "../src/index.ts";
import { tempInstance } from "./tempInstance.ts";

const orders = defineAsset({ key: "raw/orders", group: "sales", description: "Orders", compute: () => [1, 2] });
const totals = defineAsset({
  key: "daily_totals",
  group: "sales",
  ins: { orders },
  retry: { maxRetries: 2, delayMs: 10 },
  compute: ({ orders }) => orders.length,
});
const fetchOp = defineOp({
  name: "fetch",
  config: z.object({ url: z.string().url(), n: z.number().default(3) }),
  run: (_i, ctx) => ctx.config.url,
});
const parseOp = defineOp({ name: "parse", ins: { raw: fetchOp }, run: ({ raw }) => raw.length });
const etl = defineJob({ name: "etl", description: "ETL", ops: [fetchOp, parseOp], tags: { team: "data" } });
const salesJob = defineJob({ name: "sales", assets: [totals] });
const defs = defineDefinitions({
  assets: [orders, totals],
  jobs: [etl, salesJob],
  schedules: [
    defineSchedule({ name: "nightly", cron: "0 2 * * *", timezone: "Europe/Paris", job: etl, defaultStatus: "RUNNING" }),
  ],
  sensors: [
    defineSensor({ name: "on_failure", job: etl, evaluate: () => ({}), onRunStatus: ["FAILURE"], monitoredJobs: ["sales"] }),
  ],
  resources: { warehouse: defineResource({ create: () => ({}) }) },
});

test("the snapshot describes assets, jobs (with the implicit asset job), schedules, sensors and resources", () => {
  const snap = describeDefinitions(defs);
  assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap, "JSON round trip is lossless");
  assert.deepEqual(
    snap.assets.map((a) => [a.key, a.group, a.deps, a.hasRetry, a.stepKey]),
    [
      ["raw/orders", "sales", [], false, "raw/orders"],
      ["daily_totals", "sales", ["raw/orders"], true, "daily_totals"],
    ],
  );
  assert.deepEqual(
    snap.jobs.map((j) => j.name),
    ["etl", "sales", ASSET_JOB_NAME],
  );
  const etlSnap = snap.jobs[0]!;
  assert.deepEqual(etlSnap.tags, { team: "data" });
  assert.deepEqual(etlSnap.steps, [
    { key: "fetch", kind: "op", deps: [] },
    { key: "parse", kind: "op", deps: ["fetch"] },
  ]);
  const fetchSchema = (etlSnap.configSchema.properties as Record<string, any>).ops.properties.fetch as {
    required: string[];
    properties: Record<string, unknown>;
  };
  assert.deepEqual(fetchSchema.required, ["url"]);
  assert.deepEqual(Object.keys(fetchSchema.properties), ["url", "n"]);
  assert.deepEqual(etlSnap.defaultConfig, { ops: {}, resources: {} });
  assert.deepEqual(snap.jobs[1]!.steps, [{ key: "daily_totals", kind: "asset", deps: [] }]);
  assert.deepEqual(
    snap.jobs[2]!.steps.map((s) => s.key),
    ["raw/orders", "daily_totals"],
  );
  assert.deepEqual(snap.schedules, [
    { name: "nightly", cron: "0 2 * * *", timezone: "Europe/Paris", jobName: "etl", defaultStatus: "RUNNING", tags: {} },
  ]);
  assert.deepEqual(snap.sensors, [
    {
      name: "on_failure",
      intervalSeconds: 30,
      jobName: "etl",
      defaultStatus: "STOPPED",
      onRunStatus: ["FAILURE"],
      monitoredJobs: ["sales"],
    },
  ]);
  assert.deepEqual(snap.resources, ["warehouse"]);
});

test("executeRun targets assets either by key list or through the implicit asset job", async () => {
  const instanceDir = tempInstance();
  const events: WeirEvent[] = [];
  const all = await executeRun({
    definitions: defs,
    runId: "all",
    target: { job: ASSET_JOB_NAME },
    emit: (e) => events.push(e),
    instanceDir,
  });
  assert.equal(all.status, "SUCCESS");
  assert.deepEqual(all.outputs, { "raw/orders": [1, 2], daily_totals: 2 });
  const subset = await executeRun({
    definitions: defs,
    runId: "subset",
    target: { job: ASSET_JOB_NAME },
    stepSelection: ["daily_totals"],
    emit: () => {},
    instanceDir,
  });
  assert.deepEqual(subset.outputs, { daily_totals: 2 });
  const byKeys = await executeRun({
    definitions: defs,
    runId: "keys",
    target: { assets: ["daily_totals"] },
    emit: () => {},
    instanceDir,
  });
  assert.deepEqual(byKeys.outputs, { daily_totals: 2 });
  const job = await executeRun({ definitions: defs, runId: "job", target: { job: "sales" }, emit: () => {}, instanceDir });
  assert.deepEqual(job.outputs, { daily_totals: 2 });
});
