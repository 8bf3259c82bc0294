import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { dynamicPartitions } from "../partitions/dynamicPartitions.ts";
import { multiPartitions } from "../partitions/multiPartitions.ts";
import { allPartitions, staticMapping } from "../partitions/partitionMappings.ts";
import { dimension } from "../partitions/dimensionMapping.ts";
import { staticPartitions } from "../partitions/staticPartitions.ts";
import { dailyPartitions, hourlyPartitions } from "../partitions/timePartitions.ts";
import { timeWindow } from "../partitions/timeWindowMapping.ts";
import { defineAsset } from "./defineAsset.ts";
import { defineDefinitions } from "./defineDefinitions.ts";
import { DefinitionError } from "./definitionError.ts";
import { defineJob } from "./defineJob.ts";
import { inputPartitionMapping } from "./partitionChecks.ts";

const daily = dailyPartitions({ start: "2024-01-01", timezone: "America/New_York" });
const regions = staticPartitions(["eu", "us"]);

/** defineDefinitions throws a DefinitionError whose problems are exactly these. */
function refuses(spec: Parameters<typeof defineDefinitions>[0], ...expected: string[]): void {
  assert.throws(
    () => defineDefinitions(spec),
    (error: unknown) => {
      assert.ok(error instanceof DefinitionError, `expected a DefinitionError, got ${error}`);
      assert.deepEqual(error.problems, expected);
      return true;
    },
  );
}

describe("partitioned assets and jobs that fit together", () => {
  const orders = defineAsset({ key: "raw/orders", partitions: daily, compute: () => [1, 2] });
  const totals = defineAsset({
    key: "daily_totals",
    partitions: daily,
    ins: { orders, previous: { asset: orders, partitionMapping: timeWindow({ offset: -1 }) } },
    compute: ({ orders }) => orders.length,
  });
  const everything = defineAsset({ key: "all_orders", ins: { orders }, compute: ({ orders }) => orders });

  test("load, with the mapping each input uses", () => {
    const job = defineJob({ name: "daily_job", assets: [orders, totals] });
    const defs = defineDefinitions({ assets: [orders, totals, everything], jobs: [job] });
    assert.equal(defs.assetsByKey.get("daily_totals")?.partitions, daily);
    assert.deepEqual(Object.keys(totals.ins), ["orders", "previous"]);
    assert.equal(totals.ins.previous, orders);
    assert.equal(inputPartitionMapping(totals, "orders")?.kind, "identity");
    assert.equal(inputPartitionMapping(totals, "previous")?.kind, "timeWindow");
    assert.equal(inputPartitionMapping(everything, "orders")?.kind, "allPartitions");
    const now = { now: new Date("2024-02-01T12:00:00Z") };
    assert.deepEqual(inputPartitionMapping(totals, "previous")?.upstreamKeys("2024-01-10", daily, daily, now), ["2024-01-09"]);
  });

  test("an asset job takes the partitions of its assets; an op job takes the ones it is given", () => {
    assert.equal(defineJob({ name: "j", assets: [everything, orders] }).partitions, daily);
    assert.equal(defineJob({ name: "k", assets: [everything] }).partitions, undefined);
  });

  test("an unpartitioned upstream needs no mapping", () => {
    const plain = defineAsset({ key: "plain", compute: () => 1 });
    const user = defineAsset({ key: "user", partitions: regions, ins: { plain }, compute: () => 1 });
    defineDefinitions({ assets: [plain, user] });
    assert.equal(inputPartitionMapping(user, "plain"), null);
  });
});

describe("definitions refused at load", () => {
  const rawOrders = defineAsset({ key: "raw/orders", partitions: regions, compute: () => 1 });

  test("a timeWindow mapping with a static upstream", () => {
    const totals = defineAsset({
      key: "daily_totals",
      partitions: daily,
      ins: { orders: { asset: rawOrders, partitionMapping: timeWindow({ offset: -1 }) } },
      compute: () => 1,
    });
    refuses(
      { assets: [rawOrders, totals] },
      'asset "daily_totals": input "orders" (asset "raw/orders"): timeWindow mapping needs time-partitioned assets on both sides, but "raw/orders" is static',
    );
    assert.throws(
      () => inputPartitionMapping(totals, "orders"),
      /timeWindow mapping needs time-partitioned assets on both sides/,
    );
  });

  test("two partitioned assets with no default mapping between them", () => {
    const totals = defineAsset({ key: "daily_totals", partitions: daily, ins: { orders: rawOrders }, compute: () => 1 });
    refuses(
      { assets: [rawOrders, totals] },
      'asset "daily_totals": input "orders" (asset "raw/orders"): no default partition mapping from static partitions [eu, us] to time partitions (cron "0 0 * * *" in America/New_York, from 2024-01-01T05:00:00.000Z); give the input a partitionMapping (e.g. ins: { orders: { asset, partitionMapping: allPartitions() } })',
    );
  });

  test("a mapping on an input whose upstream is not partitioned", () => {
    const plain = defineAsset({ key: "plain", compute: () => 1 });
    const user = defineAsset({
      key: "user",
      partitions: daily,
      ins: { plain: { asset: plain, partitionMapping: allPartitions() } },
      compute: () => 1,
    });
    refuses(
      { assets: [plain, user] },
      'asset "user": input "plain" (asset "plain"): has a partitionMapping (allPartitions), but "plain" is not partitioned',
    );
  });

  test("a static mapping to a key the upstream does not have, a dimension the multi does not have", () => {
    const byCountry = defineAsset({ key: "by_country", partitions: staticPartitions(["fr", "de"]), compute: () => 1 });
    const byRegion = defineAsset({
      key: "by_region",
      partitions: regions,
      ins: { countries: { asset: byCountry, partitionMapping: staticMapping({ eu: ["fr", "it"] }) } },
      compute: () => 1,
    });
    const grid = defineAsset({
      key: "grid",
      partitions: multiPartitions({ date: daily, region: regions }),
      ins: { regional: { asset: byRegion, partitionMapping: dimension("area") } },
      compute: () => 1,
    });
    refuses(
      { assets: [byCountry, byRegion, grid] },
      'asset "by_region": input "countries" (asset "by_country"): static mapping maps "eu" to key "it", which "by_country" does not have',
      'asset "grid": input "regional" (asset "by_region"): dimension mapping: "grid" has no dimension "area" (it has date, region)',
    );
  });

  test("a job whose assets have different partitions, or partitions other than its assets'", () => {
    const hourly = defineAsset({ key: "hourly", partitions: hourlyPartitions({ start: "2024-01-01" }), compute: () => 1 });
    const job = defineJob({ name: "mixed", assets: [rawOrders, hourly] });
    const told = defineJob({ name: "told", assets: [rawOrders], partitions: daily });
    refuses(
      { assets: [rawOrders, hourly], jobs: [job, told] },
      'job "mixed": its assets have different partitions ("raw/orders": static partitions [eu, us]; "hourly": time partitions (cron "0 * * * *" in UTC, from 2024-01-01T00:00:00.000Z)); a job\'s assets must share one partitions definition',
      'job "told": its partitions (time partitions (cron "0 0 * * *" in America/New_York, from 2024-01-01T05:00:00.000Z)) differ from those of its assets (static partitions [eu, us])',
    );
  });

  test("dynamic partition names that clash", () => {
    const a = defineAsset({ key: "a", partitions: dynamicPartitions("customers"), compute: () => 1 });
    const b = defineAsset({
      key: "b",
      partitions: multiPartitions({ date: daily, customer: dynamicPartitions("Customers") }),
      compute: () => 1,
    });
    const same = defineAsset({ key: "same", partitions: dynamicPartitions("customers"), compute: () => 1 });
    defineDefinitions({ assets: [a, same] });
    refuses({ assets: [a, b] }, 'dynamic partitions "customers" and "Customers" clash: their names differ only in letter case');
  });

  test("duplicate static keys, a multi with three dimensions, an invalid dynamic name", () => {
    const dup = defineAsset({ key: "dup", partitions: staticPartitions(["eu", "us", "eu"]), compute: () => 1 });
    const three = defineAsset({
      key: "three",
      partitions: multiPartitions({ date: daily, region: regions, tier: staticPartitions(["gold"]) }),
      compute: () => 1,
    });
    const spaced = defineJob({ name: "spaced", ops: [], assets: [dup], partitions: dynamicPartitions("my set") });
    refuses(
      { assets: [dup, three], jobs: [spaced] },
      'asset "dup": staticPartitions: duplicate key "eu"',
      'asset "three": multiPartitions needs exactly 2 dimensions, got 3 (date, region, tier)',
      'job "spaced": its partitions (dynamic partitions "my set") differ from those of its assets (static partitions [eu, us, eu])',
      'job "spaced": invalid dynamic partitions name "my set": use letters, digits, "_", "-", "." (not starting with "." or "-")',
    );
  });
});
