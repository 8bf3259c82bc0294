import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { defineAsset } from "../definitions/defineAsset.ts";
import { defineDefinitions } from "../definitions/defineDefinitions.ts";
import { defineJob } from "../definitions/defineJob.ts";
import { defineOp } from "../definitions/defineOp.ts";
import type { AssetDef, JobDef } from "../definitions/types.ts";
import type { WeirEvent } from "../events.ts";
import { createFileIOManager } from "../io/fileIOManager.ts";
import type { IOManager } from "../io/ioManager.ts";
import { createMemoryIOManager } from "../io/memoryIOManager.ts";
import type { PartitionMapping } from "../partitions/partitionMapping.ts";
import type { PartitionsDefinition, TimePartitionsDefinition } from "../partitions/partitionsDefinition.ts";
import { staticPartitions } from "../partitions/staticPartitions.ts";
import { dailyPartitions } from "../partitions/timePartitions.ts";
import { timeWindow } from "../partitions/timeWindowMapping.ts";
import { executeInProcess } from "./executeInProcess.ts";
import type { StepPartitionContext } from "../definitions/types.ts";

/** Daily UTC partitions over [first, first + days). */
function dailyDays(first: string, days: number): TimePartitionsDefinition {
  const end = new Date(Date.parse(`${first}T00:00:00Z`) + days * 86_400_000);
  return dailyPartitions({ start: first, end });
}
function withPartitions<T>(
  asset: AssetDef<T>,
  fields: {
    partitions?: PartitionsDefinition;
    partitionMappings?: Record<string, PartitionMapping>;
    backfillPolicy?: "singleRun";
  },
): AssetDef<T> {
  return { ...asset, ...fields } as AssetDef<T>;
}

const partitionCtx = (ctx: unknown) => ctx as StepPartitionContext;
const of = (events: WeirEvent[], type: string) => events.filter((e) => e.type === type);
const failure = (events: WeirEvent[]) => events.find((e) => e.type === "RUN_FAILURE");
const tempDir = () => mkdtempSync(join(tmpdir(), "weir-partitions-"));

const days = dailyDays("2024-01-01", 5);
const seen: Record<string, unknown>[] = [];
const orders = withPartitions(
  defineAsset({
    key: "raw/orders",
    compute: (_ins, ctx) => {
      const p = partitionCtx(ctx);
      seen.push({
        partitionKey: p.partitionKey,
        hasPartitionKey: p.hasPartitionKey,
        partitionKeys: p.partitionKeys,
        range: p.partitionKeyRange,
        window: p.partitionTimeWindow,
      });
      return { day: p.partitionKey, rows: Number(p.partitionKey.slice(-2)) * 10 };
    },
  }),
  { partitions: days },
);
const sameDay = withPartitions(
  defineAsset({ key: "same_day", ins: { orders }, compute: ({ orders }) => ({ from: orders.day }) }),
  { partitions: days },
);
const dayBefore = withPartitions(
  defineAsset({ key: "day_before", ins: { orders }, compute: ({ orders }) => ({ from: orders.day }) }),
  { partitions: days, partitionMappings: { orders: timeWindow({ offset: -1 }) } },
);
const allDays = defineAsset({
  key: "all_days",
  ins: { orders },
  compute: ({ orders }) => orders as unknown as Record<string, { rows: number }>,
});
const plain = defineAsset({ key: "plain", compute: () => 1 });
const defs = defineDefinitions({ assets: [orders, sameDay, dayBefore, allDays, plain] });

for (const [name, makeIO] of [
  ["file", () => createFileIOManager()],
  ["memory", () => createMemoryIOManager()],
] as [string, () => IOManager][]) {
  test(`${name} IO manager: a run for one partition gives the context its key and window, and stores that partition`, async () => {
    const instanceDir = tempDir();
    seen.length = 0;
    const r = await executeInProcess(
      defs,
      { assets: ["raw/orders"] },
      { partitionKey: "2024-01-02", instanceDir, ioManager: makeIO() },
    );
    assert.equal(r.status, "SUCCESS");
    assert.deepEqual(seen, [
      {
        partitionKey: "2024-01-02",
        hasPartitionKey: true,
        partitionKeys: ["2024-01-02"],
        range: { start: "2024-01-02", end: "2024-01-02" },
        window: { start: new Date("2024-01-02T00:00:00Z"), end: new Date("2024-01-03T00:00:00Z") },
      },
    ]);
    const mats = of(r.events, "ASSET_MATERIALIZATION");
    assert.deepEqual(
      mats.map((e) => [e.data?.assetKey, e.data?.partitionKey]),
      [["raw/orders", "2024-01-02"]],
    );
    if (name === "file") {
      assert.equal(existsSync(join(instanceDir, "storage", "assets", "raw", "orders", "2024-01-02")), true);
      assert.equal(
        (mats[0]!.data!.metadata as { path: string }).path,
        join(instanceDir, "storage", "assets", "raw", "orders", "2024-01-02"),
      );
    }
  });

  test(`${name} IO manager: two partitions are stored apart; downstreams read the same day, the day before, and every day as a map`, async () => {
    const instanceDir = tempDir();
    const ioManager = makeIO();
    for (const key of ["2024-01-01", "2024-01-02"]) {
      const r = await executeInProcess(defs, { assets: ["raw/orders"] }, { partitionKey: key, instanceDir, ioManager });
      assert.equal(r.status, "SUCCESS");
    }
    // Upstream in the run for 01-03: same_day reads this run's value, day_before the stored 01-02.
    const r = await executeInProcess(
      defs,
      { assets: ["raw/orders", "same_day", "day_before"] },
      { partitionKey: "2024-01-03", instanceDir, ioManager },
    );
    assert.equal(r.status, "SUCCESS", failure(r.events)?.message);
    assert.deepEqual(r.outputs.same_day, { from: "2024-01-03" });
    assert.deepEqual(r.outputs.day_before, { from: "2024-01-02" });
    // Upstream not in the run: both read from storage.
    const later = await executeInProcess(
      defs,
      { assets: ["same_day", "day_before"] },
      { partitionKey: "2024-01-02", instanceDir, ioManager },
    );
    assert.deepEqual(later.outputs, { same_day: { from: "2024-01-02" }, day_before: { from: "2024-01-01" } });

    // An unpartitioned downstream reads all partitions (default mapping) as a map keyed by partition key.
    for (const key of ["2024-01-04", "2024-01-05"])
      await executeInProcess(defs, { assets: ["raw/orders"] }, { partitionKey: key, instanceDir, ioManager });
    const all = await executeInProcess(defs, { assets: ["all_days"] }, { instanceDir, ioManager });
    assert.equal(all.status, "SUCCESS", failure(all.events)?.message);
    assert.deepEqual(all.outputs.all_days, {
      "2024-01-01": { day: "2024-01-01", rows: 10 },
      "2024-01-02": { day: "2024-01-02", rows: 20 },
      "2024-01-03": { day: "2024-01-03", rows: 30 },
      "2024-01-04": { day: "2024-01-04", rows: 40 },
      "2024-01-05": { day: "2024-01-05", rows: 50 },
    });
    assert.equal(of(all.events, "ASSET_MATERIALIZATION")[0]!.data!.partitionKey, null);
  });

  test(`${name} IO manager: a missing upstream partition fails the step, naming the asset and the partition`, async () => {
    const instanceDir = tempDir();
    const ioManager = makeIO();
    await executeInProcess(defs, { assets: ["raw/orders"] }, { partitionKey: "2024-01-03", instanceDir, ioManager });
    const r = await executeInProcess(defs, { assets: ["day_before"] }, { partitionKey: "2024-01-03", instanceDir, ioManager });
    assert.equal(r.status, "FAILURE");
    const stepFailure = r.events.find((e) => e.type === "STEP_FAILURE")!;
    assert.equal(stepFailure.stepKey, "day_before");
    assert.match(
      stepFailure.message,
      /needs upstream asset "raw\/orders" \(partition "2024-01-02"\), which was never materialized/,
    );
    // The unpartitioned reader of every partition fails the same way on the first missing one.
    const all = await executeInProcess(defs, { assets: ["all_days"] }, { instanceDir, ioManager });
    assert.match(
      all.events.find((e) => e.type === "STEP_FAILURE")!.message,
      /upstream asset "raw\/orders" \(partition "2024-01-01"\)/,
    );
  });
}

test("partition keys unsafe in file names are stored each in its own file", async () => {
  const regions = staticPartitions(["eu/west", "..", "a b?"]);
  const byRegion = withPartitions(
    defineAsset({ key: "by_region", compute: (_i, ctx) => `v:${partitionCtx(ctx).partitionKey}` }),
    {
      partitions: regions,
    },
  );
  const collected = defineAsset({ key: "collected", ins: { byRegion }, compute: ({ byRegion }) => byRegion });
  const regionDefs = defineDefinitions({ assets: [byRegion, collected] });
  const instanceDir = tempDir();
  for (const key of regions.keys()) {
    const r = await executeInProcess(regionDefs, { assets: ["by_region"] }, { partitionKey: key, instanceDir });
    assert.equal(r.status, "SUCCESS", failure(r.events)?.message);
  }
  const dir = join(instanceDir, "storage", "assets", "by_region");
  for (const file of ["eu%2Fwest", "%2E.", "a%20b%3F"]) assert.equal(existsSync(join(dir, file)), true, file);
  const r = await executeInProcess(regionDefs, { assets: ["collected"] }, { instanceDir });
  assert.deepEqual(r.outputs.collected, { "eu/west": "v:eu/west", "..": "v:..", "a b?": "v:a b?" });
});

test("the run's reserved tags choose the partition, as the run worker passes them", async () => {
  const instanceDir = tempDir();
  const r = await executeInProcess(defs, { assets: ["raw/orders"] }, { tags: { "weir/partition": "2024-01-04" }, instanceDir });
  assert.equal(r.status, "SUCCESS");
  assert.deepEqual(r.outputs["raw/orders"], { day: "2024-01-04", rows: 40 });
  const ranged = await executeInProcess(
    defs,
    { assets: ["raw/orders"] },
    { tags: { "weir/partition_range_start": "2024-01-01", "weir/partition_range_end": "2024-01-02" }, instanceDir },
  );
  assert.match(failure(ranged.events)!.message, /asset "raw\/orders" cannot take a range in one run/);
});

test("a ranged run materializes every partition of the range in one step, one event per partition", async () => {
  const contexts: StepPartitionContext[] = [];
  let partitionKeyError = "";
  const weekly = withPartitions(
    defineAsset({
      key: "events",
      compute: (_ins, ctx) => {
        const p = partitionCtx(ctx);
        contexts.push({
          hasPartitionKey: p.hasPartitionKey,
          hasPartitionKeyRange: p.hasPartitionKeyRange,
          partitionKeys: p.partitionKeys,
          partitionKeyRange: p.partitionKeyRange,
          partitionTimeWindow: p.partitionTimeWindow,
        } as StepPartitionContext);
        try {
          void p.partitionKey;
        } catch (error) {
          partitionKeyError = (error as Error).message;
        }
        return Object.fromEntries(p.partitionKeys.map((k) => [k, `events of ${k}`]));
      },
    }),
    { partitions: days, backfillPolicy: "singleRun" },
  );
  const summary = withPartitions(
    defineAsset({ key: "summary", ins: { weekly }, compute: ({ weekly }) => weekly as unknown as Record<string, string> }),
    { partitions: days, backfillPolicy: "singleRun" },
  );
  const rangeDefs = defineDefinitions({ assets: [weekly, summary] });
  const instanceDir = tempDir();
  const r = await executeInProcess(
    rangeDefs,
    { assets: ["events", "summary"] },
    { partitionKeyRange: { start: "2024-01-02", end: "2024-01-04" }, instanceDir },
  );
  assert.equal(r.status, "SUCCESS", failure(r.events)?.message);
  assert.deepEqual(contexts, [
    {
      hasPartitionKey: false,
      hasPartitionKeyRange: true,
      partitionKeys: ["2024-01-02", "2024-01-03", "2024-01-04"],
      partitionKeyRange: { start: "2024-01-02", end: "2024-01-04" },
      partitionTimeWindow: { start: new Date("2024-01-02T00:00:00Z"), end: new Date("2024-01-05T00:00:00Z") },
    },
  ]);
  assert.match(
    partitionKeyError,
    /step "events" runs for partition range "2024-01-02".."2024-01-04" in run .*: read ctx.partitionKeys/,
  );
  assert.deepEqual(
    of(r.events, "ASSET_MATERIALIZATION").map((e) => `${e.data?.assetKey}@${e.data?.partitionKey}`),
    [
      "events@2024-01-02",
      "events@2024-01-03",
      "events@2024-01-04",
      "summary@2024-01-02",
      "summary@2024-01-03",
      "summary@2024-01-04",
    ],
  );
  assert.deepEqual(r.outputs.summary, {
    "2024-01-02": "events of 2024-01-02",
    "2024-01-03": "events of 2024-01-03",
    "2024-01-04": "events of 2024-01-04",
  });
  // Each partition of the range is stored on its own: a one-partition run reads one of them.
  const single = await executeInProcess(rangeDefs, { assets: ["summary"] }, { partitionKey: "2024-01-03", instanceDir });
  assert.equal(single.outputs.summary, "events of 2024-01-03");
});

test("a ranged asset that leaves a partition out of its result fails the step and stores nothing", async () => {
  const partial = withPartitions(defineAsset({ key: "partial", compute: () => ({ "2024-01-01": 1 }) }), {
    partitions: days,
    backfillPolicy: "singleRun",
  });
  const r = await executeInProcess(
    defineDefinitions({ assets: [partial] }),
    { assets: ["partial"] },
    {
      partitionKeyRange: { start: "2024-01-01", end: "2024-01-02" },
    },
  );
  assert.equal(r.status, "FAILURE");
  assert.match(
    r.events.find((e) => e.type === "STEP_FAILURE")!.message,
    /asset "partial" ran for partition range "2024-01-01".."2024-01-02" but returned no value for partition\(s\) "2024-01-02"/,
  );
  assert.equal(of(r.events, "ASSET_MATERIALIZATION").length, 0);
});

test("partition requests a run cannot honour fail it before any step runs, naming the run, the key and the asset", async () => {
  const cases: [string, Parameters<typeof executeInProcess>[1], Parameters<typeof executeInProcess>[2], RegExp][] = [
    [
      "unknown key",
      { assets: ["raw/orders"] },
      { partitionKey: "2023-12-31" },
      /run \S+ targets partition "2023-12-31", which is not a partition of asset "raw\/orders" \(partitions: "2024-01-01", /,
    ],
    [
      "key on an unpartitioned target",
      { assets: ["plain"] },
      { partitionKey: "2024-01-01" },
      /run \S+ targets partition "2024-01-01", but none of its steps is partitioned \("plain"\)/,
    ],
    [
      "range on an asset that cannot take one",
      { assets: ["raw/orders"] },
      { partitionKeyRange: { start: "2024-01-01", end: "2024-01-03" } },
      /run \S+ targets partition range "2024-01-01".."2024-01-03", but asset "raw\/orders" cannot take a range in one run: declare backfillPolicy: "singleRun"/,
    ],
    [
      "partitioned asset without a key",
      { assets: ["raw/orders"] },
      {},
      /run \S+ has no partition key, but asset "raw\/orders" is partitioned: give a partition key/,
    ],
    [
      "key and range together",
      { assets: ["raw/orders"] },
      {
        partitionKey: "2024-01-01",
        tags: { "weir/partition_range_start": "2024-01-01", "weir/partition_range_end": "2024-01-02" },
      },
      /asks for both partition "2024-01-01" and partition range "2024-01-01".."2024-01-02"/,
    ],
    [
      "half a range",
      { assets: ["raw/orders"] },
      { tags: { "weir/partition_range_start": "2024-01-01" } },
      /has a partition range tag "weir\/partition_range_start" but no "weir\/partition_range_end"/,
    ],
  ];
  for (const [what, target, options, message] of cases) {
    const r = await executeInProcess(defs, target, { ...options, runId: `run-${what.replaceAll(" ", "-")}` });
    assert.equal(r.status, "FAILURE", what);
    assert.deepEqual(
      r.events.map((e) => e.type),
      ["RUN_START", "RUN_FAILURE"],
      what,
    );
    const end = failure(r.events)!;
    assert.match(end.message, message, what);
    assert.ok(end.message.includes(`run-${what.replaceAll(" ", "-")}`), what);
    assert.equal(end.data?.reason, "PARTITION_ERROR", what);
  }
});

test("an unpartitioned run's step gets a clear error from ctx.partitionKey", async () => {
  let message = "";
  let has: boolean | undefined;
  const asset = defineAsset({
    key: "reads_key",
    compute: (_i, ctx) => {
      has = partitionCtx(ctx).hasPartitionKey;
      try {
        return ctx.partitionKey;
      } catch (error) {
        message = (error as Error).message;
        return null;
      }
    },
  });
  const r = await executeInProcess(defineDefinitions({ assets: [asset] }), { assets: ["reads_key"] }, { runId: "r-1" });
  assert.equal(r.status, "SUCCESS");
  assert.equal(has, false);
  assert.match(message, /step "reads_key" has no partition in run r-1 .*check ctx.hasPartitionKey first/);
});

test("a partitioned job runs its ops for the job's partition and refuses a key it does not have", async () => {
  const seenKeys: string[] = [];
  const extract = defineOp({
    name: "extract",
    run: (_i, ctx) => (seenKeys.push(ctx.partitionKey!), `rows of ${ctx.partitionKey}`),
  });
  const job = { ...defineJob({ name: "regional", ops: [extract] }), partitions: staticPartitions(["eu", "us"]) } as JobDef;
  const jobDefs = defineDefinitions({ jobs: [job] });
  const r = await executeInProcess(jobDefs, { job: "regional" }, { partitionKey: "us" });
  assert.equal(r.status, "SUCCESS", failure(r.events)?.message);
  assert.deepEqual(seenKeys, ["us"]);
  assert.equal(r.outputs.extract, "rows of us");
  const bad = await executeInProcess(jobDefs, { job: "regional" }, { partitionKey: "asia", runId: "r-asia" });
  assert.equal(
    failure(bad.events)!.message,
    'run r-asia targets partition "asia", which is not a partition of job "regional" (partitions: "eu", "us")',
  );
});
