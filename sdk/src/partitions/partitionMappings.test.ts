import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultPartitionMapping } from "./defaultPartitionMapping.ts";
import { dimension } from "./dimensionMapping.ts";
import { dynamicPartitions } from "./dynamicPartitions.ts";
import { multiPartitions } from "./multiPartitions.ts";
import { allPartitions, identity, staticMapping } from "./partitionMappings.ts";
import { staticPartitions } from "./staticPartitions.ts";
import { dailyPartitions, hourlyPartitions, weeklyPartitions } from "./timePartitions.ts";
import { timeWindow } from "./timeWindowMapping.ts";

const now = { now: new Date("2024-03-20T00:00:00Z") };
const names = { downstream: '"down"', upstream: '"up"' };
const daily = dailyPartitions({ start: "2024-03-01", timezone: "America/New_York" });
const regions = staticPartitions(["eu", "us"]);

describe("identity", () => {
  test("a partition reads the same key upstream, when the upstream has it", () => {
    const later = dailyPartitions({ start: "2024-03-05", timezone: "America/New_York" });
    assert.deepEqual(identity().upstreamKeys("2024-03-10", daily, daily, now), ["2024-03-10"]);
    assert.deepEqual(identity().upstreamKeys("2024-03-02", daily, later, now), []);
    assert.deepEqual(identity().upstreamKeys("eu", regions, regions), ["eu"]);
    assert.equal(identity().problem(daily, later), null);
  });
  test("problems: an unpartitioned downstream, or different kinds", () => {
    assert.equal(
      identity().problem(undefined, daily, names),
      'identity mapping needs a partitioned downstream, but "down" is not partitioned',
    );
    assert.equal(
      identity().problem(regions, daily, names),
      'identity mapping needs the same kind of partitions on both sides, but "down" is static and "up" is time',
    );
  });
});

describe("timeWindow", () => {
  test("offset -1: today reads yesterday; the first day reads nothing before the upstream's start", () => {
    const previous = timeWindow({ offset: -1 });
    assert.deepEqual(previous.upstreamKeys("2024-03-11", daily, daily, now), ["2024-03-10"]);
    // 2024-03-10 is 23 hours long in New York: the shift is in windows, not in hours.
    assert.deepEqual(previous.upstreamKeys("2024-03-10", daily, daily, now), ["2024-03-09"]);
    assert.deepEqual(previous.upstreamKeys("2024-03-01", daily, daily, now), []);
    const earlier = dailyPartitions({ start: "2024-02-01", timezone: "America/New_York" });
    assert.deepEqual(previous.upstreamKeys("2024-03-01", daily, earlier, now), ["2024-02-29"]);
  });
  test("offset -1 across the repeated hour: 02:00 reads the two-hour 01:00 partition, 01:00 reads 00:00", () => {
    const hourly = hourlyPartitions({ start: "2024-11-02", timezone: "America/New_York" });
    const later = { now: new Date("2024-12-01T00:00:00Z") };
    assert.deepEqual(timeWindow({ offset: -1 }).upstreamKeys("2024-11-03-02:00", hourly, hourly, later), ["2024-11-03-01:00"]);
    assert.deepEqual(timeWindow({ offset: -1 }).upstreamKeys("2024-11-03-01:00", hourly, hourly, later), ["2024-11-03-00:00"]);
    assert.deepEqual(hourly.shiftedWindow("2024-11-03-00:00", 1), {
      start: new Date("2024-11-03T05:00:00Z"),
      end: new Date("2024-11-03T07:00:00Z"),
    });
  });
  test("a range: startOffset -2 to endOffset 0 reads three days", () => {
    assert.deepEqual(timeWindow({ startOffset: -2, endOffset: 0 }).upstreamKeys("2024-03-11", daily, daily, now), [
      "2024-03-09",
      "2024-03-10",
      "2024-03-11",
    ]);
  });
  test("a coarser downstream reads the finer windows inside it: a daily partition reads its hours", () => {
    const hourly = hourlyPartitions({ start: "2024-03-01", timezone: "America/New_York" });
    const hours = timeWindow().upstreamKeys("2024-03-10", daily, hourly, now);
    assert.equal(hours.length, 23);
    assert.equal(hours[0], "2024-03-10-00:00");
    assert.equal(hours.at(-1), "2024-03-10-23:00");
    assert.equal(timeWindow().upstreamKeys("2024-03-11", daily, hourly, now).length, 24);
  });
  test("a finer downstream reads the coarser window that contains it: a day reads its week", () => {
    const weekly = weeklyPartitions({ start: "2024-03-01", timezone: "America/New_York" });
    assert.deepEqual(timeWindow().upstreamKeys("2024-03-13", daily, weekly, now), ["2024-03-10"]);
  });
  test("problems name the side that is not time-partitioned", () => {
    assert.equal(
      timeWindow({ offset: -1 }).problem(daily, regions, names),
      'timeWindow mapping needs time-partitioned assets on both sides, but "up" is static',
    );
    assert.equal(
      timeWindow().problem(undefined, daily, names),
      'timeWindow mapping needs time-partitioned assets on both sides, but "down" is not partitioned',
    );
    assert.throws(() => timeWindow({ startOffset: 0, endOffset: -1 }), /startOffset 0 is after endOffset -1/);
  });
});

describe("allPartitions", () => {
  test("an unpartitioned downstream reads every upstream partition", () => {
    assert.deepEqual(allPartitions().upstreamKeys(null, undefined, regions), ["eu", "us"]);
    assert.equal(allPartitions().upstreamKeys("2024-03-05", daily, daily, now).length, 18); // 03-01 to 03-18: 03-19 has not ended in New York
    assert.deepEqual(allPartitions().upstreamKeys(null, undefined, dynamicPartitions("c"), { dynamicKeys: () => ["x"] }), ["x"]);
    assert.equal(allPartitions().problem(undefined, daily), null);
  });
});

describe("staticMapping", () => {
  const up = staticPartitions(["eu-west", "eu-north", "us-east"]);
  const mapping = staticMapping({ eu: ["eu-west", "eu-north"], us: "us-east" });
  test("a downstream key reads the upstream keys listed for it", () => {
    assert.deepEqual(mapping.upstreamKeys("eu", regions, up), ["eu-west", "eu-north"]);
    assert.deepEqual(mapping.upstreamKeys("us", regions, up), ["us-east"]);
    assert.equal(mapping.problem(regions, up, names), null);
  });
  test("problems: keys either side does not have, or non-static sides", () => {
    assert.equal(
      staticMapping({ apac: "us-east" }).problem(regions, up, names),
      'static mapping maps key "apac", which "down" does not have',
    );
    assert.equal(
      staticMapping({ eu: "eu-south" }).problem(regions, up, names),
      'static mapping maps "eu" to key "eu-south", which "up" does not have',
    );
    assert.equal(mapping.problem(daily, up, names), 'static mapping needs static partitions on both sides, but "down" is time');
  });
});

describe("dimension", () => {
  const dateRegion = multiPartitions({ date: daily, region: regions });
  test("multi downstream <- single upstream: the key's part along that dimension", () => {
    assert.deepEqual(dimension("date").upstreamKeys("2024-03-05|eu", dateRegion, daily, now), ["2024-03-05"]);
    assert.deepEqual(dimension("region").upstreamKeys("2024-03-05|us", dateRegion, regions, now), ["us"]);
    assert.equal(dimension("date").problem(dateRegion, daily, names), null);
  });
  test("single downstream <- multi upstream: every upstream key with that part", () => {
    const keys = dimension("region").upstreamKeys("eu", regions, dateRegion, now);
    assert.equal(keys.length, 18);
    assert.equal(keys[0], "2024-03-01|eu");
    assert.ok(keys.every((k) => k.endsWith("|eu")));
    assert.deepEqual(dimension("date").upstreamKeys("2024-03-02", daily, dateRegion, now), ["2024-03-02|eu", "2024-03-02|us"]);
  });
  test("problems: unknown dimension, different definitions, no multi side", () => {
    assert.equal(
      dimension("color").problem(dateRegion, regions, names),
      'dimension mapping: "down" has no dimension "color" (it has date, region)',
    );
    assert.equal(
      dimension("region").problem(dateRegion, staticPartitions(["eu"]), names),
      'dimension mapping: dimension "region" of "down" differs from the partitions of "up"',
    );
    assert.equal(
      dimension("region").problem(regions, regions, names),
      'dimension mapping connects a multi-partitioned asset with a single-dimension one, but "down" is static and "up" is static',
    );
  });
});

describe("default mapping", () => {
  test("identity for equal definitions, allPartitions for an unpartitioned downstream", () => {
    assert.equal(
      defaultPartitionMapping(daily, dailyPartitions({ start: "2024-03-01", timezone: "America/New_York" }))?.kind,
      "identity",
    );
    assert.equal(defaultPartitionMapping(undefined, daily)?.kind, "allPartitions");
  });
  test("timeWindow between different time definitions, dimension along a shared dimension, none otherwise", () => {
    assert.equal(defaultPartitionMapping(daily, hourlyPartitions({ start: "2024-03-01" }))?.kind, "timeWindow");
    const dateRegion = multiPartitions({ date: daily, region: regions });
    assert.equal(defaultPartitionMapping(dateRegion, regions)?.kind, "dimension");
    assert.deepEqual(defaultPartitionMapping(dateRegion, regions)?.upstreamKeys("2024-03-02|us", dateRegion, regions), ["us"]);
    assert.equal(defaultPartitionMapping(regions, dateRegion)?.kind, "dimension");
    assert.equal(defaultPartitionMapping(regions, daily), null);
  });
});
