import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  createFileIOManager,
  defineAsset,
  defineDefinitions,
  executeInProcess,
  type IOManager,
  staticPartitions,
} from "../src/index.ts";
import { decodeValue, encodeValue } from "../src/io/valueCodec.ts";
import { find } from "./eventQueries.ts";
import { tempInstance } from "./tempInstance.ts";

interface Order {
  day: string;
  amount: number;
  at: Date;
}

let orderLoads = 0;
const rawOrders = defineAsset({
  key: "raw/orders",
  compute: async (): Promise<Order[]> => {
    orderLoads++;
    return [
      { day: "2024-01-01", amount: 10, at: new Date("2024-01-01T10:00:00Z") },
      { day: "2024-01-01", amount: 5, at: new Date("2024-01-01T11:00:00Z") },
      { day: "2024-01-02", amount: 7, at: new Date("2024-01-02T09:00:00Z") },
    ];
  },
});
const dailyTotals = defineAsset({
  key: "daily_totals",
  ins: { orders: rawOrders },
  compute: ({ orders }) => {
    const totals: Record<string, number> = {};
    for (const o of orders) totals[o.day] = (totals[o.day] ?? 0) + o.amount;
    // Dates survive storage (v8 format), so the loaded value is usable as typed.
    return { totals, latest: Math.max(...orders.map((o) => o.at.getTime())) };
  },
});
const defs = defineDefinitions({ assets: [rawOrders, dailyTotals] });

test("an asset materialized in one run feeds an asset-only run later on the same instance", async () => {
  const instanceDir = tempInstance();
  const first = await executeInProcess(defs, { assets: ["raw/orders"] }, { instanceDir });
  assert.equal(first.status, "SUCCESS");
  assert.deepEqual(Object.keys(first.outputs), ["raw/orders"]);
  const stored = join(instanceDir, "storage", "assets", "raw", "orders");
  assert.ok(existsSync(stored));
  assert.equal(readFileSync(stored)[0], 0xff, "orders hold Dates, so they are stored with v8.serialize");

  const loadsBefore = orderLoads;
  const second = await executeInProcess(defs, { assets: ["daily_totals"] }, { instanceDir });
  assert.equal(second.status, "SUCCESS");
  assert.equal(orderLoads, loadsBefore, "raw/orders is loaded, not recomputed");
  assert.deepEqual(second.outputs.daily_totals, {
    totals: { "2024-01-01": 15, "2024-01-02": 7 },
    latest: Date.parse("2024-01-02T09:00:00Z"),
  });
  const json = join(instanceDir, "storage", "assets", "daily_totals");
  assert.deepEqual(JSON.parse(readFileSync(json, "utf8")), second.outputs.daily_totals, "plain values are stored as JSON");
});

test("an upstream asset never materialized gives a clear error naming it and its path", async () => {
  const instanceDir = tempInstance();
  const r = await executeInProcess(defs, { assets: ["daily_totals"] }, { instanceDir });
  assert.equal(r.status, "FAILURE");
  const failure = find(r.events, "STEP_FAILURE", "daily_totals");
  const path = join(instanceDir, "storage", "assets", "raw", "orders");
  assert.match(failure.message, /upstream asset "raw\/orders"/);
  assert.ok(failure.message.includes(path), failure.message);
  assert.match(failure.message, /never materialized/);
});

test("partitioned materializations are stored per partition", async () => {
  const instanceDir = tempInstance();
  // A partition key is only accepted for partitioned assets.
  const part = defineAsset({
    key: "events/by_day",
    partitions: staticPartitions(["2024-01-01", "2024-01-02"]),
    compute: (_i, ctx) => `data for ${ctx.partitionKey}`,
  });
  const d = defineDefinitions({ assets: [part] });
  const r = await executeInProcess(d, { assets: ["events/by_day"] }, { instanceDir, partitionKey: "2024-01-01" });
  assert.equal(r.status, "SUCCESS");
  assert.equal(find(r.events, "ASSET_MATERIALIZATION").data!.partitionKey, "2024-01-01");
  assert.equal(
    JSON.parse(readFileSync(join(instanceDir, "storage", "assets", "events", "by_day", "2024-01-01"), "utf8")),
    "data for 2024-01-01",
  );
});

test("an asset's own IO manager is used for its output and when downstream runs load it", async () => {
  const store = new Map<string, unknown>();
  const calls: string[] = [];
  const custom: IOManager = {
    async handleOutput(ctx, value) {
      calls.push(`out ${ctx.assetKey}`);
      store.set(ctx.assetKey!, value);
      return { table: `warehouse.${ctx.assetKey}` };
    },
    async loadInput(ctx) {
      calls.push(`in ${ctx.upstreamAssetKey} for ${ctx.stepKey}`);
      return store.get(ctx.upstreamAssetKey!);
    },
  };
  const up = defineAsset({ key: "up", ioManager: custom, compute: () => 41 });
  const down = defineAsset({ key: "down", ins: { up }, compute: ({ up }) => up + 1 });
  const d = defineDefinitions({ assets: [up, down] });
  const instanceDir = tempInstance();
  const r1 = await executeInProcess(d, { assets: ["up"] }, { instanceDir });
  assert.deepEqual((find(r1.events, "ASSET_MATERIALIZATION").data!.metadata as { table: string }).table, "warehouse.up");
  const r2 = await executeInProcess(d, { assets: ["down"] }, { instanceDir });
  assert.equal(r2.outputs.down, 42);
  assert.deepEqual(calls, ["out up", "in up for down"]);
});

test("the value codec keeps JSON for plain data and v8 for the rest", () => {
  for (const v of [null, 1, "s", true, [1, { a: [null] }], { nested: { x: 1 } }]) {
    const { bytes, format } = encodeValue(v);
    assert.equal(format, "json");
    assert.deepEqual(decodeValue(bytes), v);
  }
  for (const v of [
    new Date(0),
    new Map([["a", 1]]),
    new Set([1]),
    new Uint8Array([1, 2]),
    undefined,
    { n: NaN },
    [1, undefined],
    { d: new Date(1) },
  ]) {
    const { bytes, format } = encodeValue(v);
    assert.equal(format, "v8");
    assert.deepEqual(decodeValue(bytes), v);
  }
});

test("the file IO manager keeps large op outputs in their own file, small ones in the run's log, and no temp files", async () => {
  const dir = tempInstance();
  const io = createFileIOManager(join(dir, "custom"));
  await io.handleOutput({ runId: "r", stepKey: "s", instanceDir: dir }, { big: "x".repeat(100_000) });
  await io.handleOutput({ runId: "r", stepKey: "t", instanceDir: dir }, 1);
  await io.handleOutput({ runId: "r", stepKey: "t", instanceDir: dir }, 2);
  await io.flush!();
  const { readdirSync } = await import("node:fs");
  assert.deepEqual(readdirSync(join(dir, "custom", "runs", "r")).sort(), ["outputs.log", "s"]);
  const load = (upstreamStepKey: string) =>
    io.loadInput({ runId: "r2", stepKey: "u", upstreamStepKey, upstreamRunId: "r", instanceDir: dir });
  assert.deepEqual(await load("s"), { big: "x".repeat(100_000) });
  assert.equal(await load("t"), 2, "the last record of a step wins");
});

test("a run output log cut short by a crash still yields its complete records", async () => {
  const dir = tempInstance();
  const io = createFileIOManager(join(dir, "custom"));
  await io.handleOutput({ runId: "r", stepKey: "a", instanceDir: dir }, { ok: true });
  await io.flush!();
  const { appendFileSync } = await import("node:fs");
  appendFileSync(join(dir, "custom", "runs", "r", "outputs.log"), '"b" 100\n{"trunc');
  assert.deepEqual(
    await io.loadInput({ runId: "r2", stepKey: "u", upstreamStepKey: "a", upstreamRunId: "r", instanceDir: dir }),
    { ok: true },
  );
  await assert.rejects(
    io.loadInput({ runId: "r2", stepKey: "u", upstreamStepKey: "b", upstreamRunId: "r", instanceDir: dir }),
    /never stored/,
  );
});
