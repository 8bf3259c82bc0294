import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DefinitionError } from "../definitions/definitionError.ts";
import { PartitionKeyError } from "./partitionsDefinition.ts";
import {
  dailyPartitions,
  hourlyPartitions,
  monthlyPartitions,
  timeWindowPartitions,
  weeklyPartitions,
} from "./timePartitions.ts";

const NY = "America/New_York";
const HOUR = 3600_000;
const hours = (w: { start: Date; end: Date }) => (w.end.getTime() - w.start.getTime()) / HOUR;
const later = { now: new Date("2030-01-01T00:00:00Z") };

describe("daily partitions in America/New_York", () => {
  test("spring forward: 2024-03-10 lasts 23 hours, its neighbours 24", () => {
    const daily = dailyPartitions({ start: "2024-03-08", end: "2024-03-13", timezone: NY });
    assert.deepEqual(daily.keys(later), ["2024-03-08", "2024-03-09", "2024-03-10", "2024-03-11", "2024-03-12"]);
    assert.deepEqual(
      daily.keys(later).map((k) => hours(daily.timeWindow(k))),
      [24, 24, 23, 24, 24],
    );
    assert.deepEqual(daily.timeWindow("2024-03-10"), {
      start: new Date("2024-03-10T05:00:00Z"),
      end: new Date("2024-03-11T04:00:00Z"),
    });
  });

  test("fall back: 2024-11-03 lasts 25 hours", () => {
    const daily = dailyPartitions({ start: "2024-11-01", end: "2024-11-05", timezone: NY });
    assert.deepEqual(daily.keys(later), ["2024-11-01", "2024-11-02", "2024-11-03", "2024-11-04"]);
    assert.deepEqual(
      daily.keys(later).map((k) => hours(daily.timeWindow(k))),
      [24, 24, 25, 24],
    );
    assert.deepEqual(daily.timeWindow("2024-11-03"), {
      start: new Date("2024-11-03T04:00:00Z"),
      end: new Date("2024-11-04T05:00:00Z"),
    });
  });

  test("keyAt reads the day in the partition's time zone, and is null before start and after end", () => {
    const daily = dailyPartitions({ start: "2024-03-08", end: "2024-03-13", timezone: NY });
    assert.equal(daily.keyAt(new Date("2024-03-10T04:59:59Z")), "2024-03-09");
    assert.equal(daily.keyAt(new Date("2024-03-10T05:00:00Z")), "2024-03-10");
    assert.equal(daily.keyAt(new Date("2024-03-11T03:59:59Z")), "2024-03-10");
    assert.equal(daily.keyAt(new Date("2024-03-11T04:00:00Z")), "2024-03-11");
    assert.equal(daily.keyAt(new Date("2024-03-08T04:59:59Z")), null);
    assert.equal(daily.keyAt(new Date("2024-03-13T04:00:00Z")), null);
  });

  test("keys and lastClosedKey follow `now`: a day is a partition once it has ended", () => {
    const daily = dailyPartitions({ start: "2024-11-01", timezone: NY });
    const justBefore = new Date("2024-11-04T04:59:59Z"); // 2024-11-03 23:59:59 EST
    const atMidnight = new Date("2024-11-04T05:00:00Z");
    assert.deepEqual(daily.keys({ now: justBefore }), ["2024-11-01", "2024-11-02"]);
    assert.equal(daily.lastClosedKey(justBefore), "2024-11-02");
    assert.deepEqual(daily.keys({ now: atMidnight }), ["2024-11-01", "2024-11-02", "2024-11-03"]);
    assert.equal(daily.lastClosedKey(atMidnight), "2024-11-03");
    assert.equal(daily.lastClosedKey(new Date("2024-11-01T12:00:00Z")), null);
    assert.equal(daily.has("2024-11-03", { now: justBefore }), false);
    assert.equal(daily.has("2024-11-03", { now: atMidnight }), true);
  });

  test("endOffset adds the window in progress (1) or holds back the last closed one (-1)", () => {
    const now = new Date("2024-01-03T12:00:00Z");
    const base = { start: "2024-01-01" };
    assert.deepEqual(dailyPartitions(base).keys({ now }), ["2024-01-01", "2024-01-02"]);
    assert.deepEqual(dailyPartitions({ ...base, endOffset: 1 }).keys({ now }), ["2024-01-01", "2024-01-02", "2024-01-03"]);
    assert.deepEqual(dailyPartitions({ ...base, endOffset: -1 }).keys({ now }), ["2024-01-01"]);
    assert.deepEqual(dailyPartitions({ ...base, endOffset: -5 }).keys({ now }), []);
  });

  test("a year of daily keys in New York has 366 partitions in 2024", () => {
    const daily = dailyPartitions({ start: "2024-01-01", end: "2025-01-01", timezone: NY });
    const keys = daily.keys(later);
    assert.equal(keys.length, 366);
    assert.equal(new Set(keys).size, 366);
    assert.equal(keys.at(-1), "2024-12-31");
  });
});

describe("hourly partitions in America/New_York", () => {
  test("spring forward: no 02:00 partition, 23 one-hour windows that day", () => {
    const hourly = hourlyPartitions({ start: "2024-03-10", end: "2024-03-11", timezone: NY });
    const keys = hourly.keys(later);
    assert.equal(keys.length, 23);
    assert.deepEqual(keys.slice(0, 4), ["2024-03-10-00:00", "2024-03-10-01:00", "2024-03-10-03:00", "2024-03-10-04:00"]);
    assert.ok(keys.every((k) => hours(hourly.timeWindow(k)) === 1));
    assert.deepEqual(hourly.timeWindow("2024-03-10-01:00"), {
      start: new Date("2024-03-10T06:00:00Z"),
      end: new Date("2024-03-10T07:00:00Z"),
    });
    assert.equal(hourly.has("2024-03-10-02:00", later), false);
    assert.throws(() => hourly.timeWindow("2024-03-10-02:00"), PartitionKeyError);
  });

  test("fall back: the repeated 01:00 hour is one partition of two hours, keys stay unique", () => {
    const hourly = hourlyPartitions({ start: "2024-11-03", end: "2024-11-04", timezone: NY });
    const keys = hourly.keys(later);
    assert.equal(keys.length, 24);
    assert.equal(new Set(keys).size, 24);
    assert.deepEqual(hourly.timeWindow("2024-11-03-01:00"), {
      start: new Date("2024-11-03T05:00:00Z"),
      end: new Date("2024-11-03T07:00:00Z"),
    });
    assert.equal(hours(hourly.timeWindow("2024-11-03-02:00")), 1);
    // Both 01:30s (EDT, then EST) are in the 01:00 partition.
    assert.equal(hourly.keyAt(new Date("2024-11-03T05:30:00Z")), "2024-11-03-01:00");
    assert.equal(hourly.keyAt(new Date("2024-11-03T06:30:00Z")), "2024-11-03-01:00");
    assert.equal(hourly.lastClosedKey(new Date("2024-11-03T06:59:00Z")), "2024-11-03-00:00");
    assert.equal(hourly.lastClosedKey(new Date("2024-11-03T07:00:00Z")), "2024-11-03-01:00");
  });
});

describe("weekly, monthly and cron partitions", () => {
  test("weekly windows start on dayOfWeek (default Sunday)", () => {
    const sundays = weeklyPartitions({ start: "2024-01-01", end: "2024-02-01" });
    assert.deepEqual(sundays.keys(later), ["2024-01-07", "2024-01-14", "2024-01-21"]);
    const mondays = weeklyPartitions({ start: "2024-01-01", end: "2024-02-01", dayOfWeek: 1 });
    assert.deepEqual(mondays.keys(later), ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]);
    assert.equal(hours(mondays.timeWindow("2024-01-08")), 7 * 24);
    assert.throws(
      () => weeklyPartitions({ start: "2024-01-01", dayOfWeek: 7 }),
      /dayOfWeek must be an integer from 0 to 6, got 7/,
    );
  });

  test("monthly windows follow the calendar, from dayOfMonth", () => {
    const monthly = monthlyPartitions({ start: "2024-01-01", end: "2024-05-01", timezone: NY });
    assert.deepEqual(monthly.keys(later), ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]);
    assert.deepEqual(
      monthly.keys(later).map((k) => hours(monthly.timeWindow(k))),
      [31 * 24, 29 * 24, 31 * 24 - 1, 30 * 24],
    );
    const fifteenth = monthlyPartitions({ start: "2024-01-01", end: "2024-04-01", dayOfMonth: 15 });
    assert.deepEqual(fifteenth.keys(later), ["2024-01-15", "2024-02-15"]);
    assert.equal(fifteenth.keyAt(new Date("2024-02-01T00:00:00Z")), "2024-01-15");
    assert.throws(() => monthlyPartitions({ start: "2024-01-01", dayOfMonth: 31 }), DefinitionError);
  });

  test("a cron window: every 6 hours from 03:00, with its own key format", () => {
    const p = timeWindowPartitions({
      cron: "0 3-23/6 * * *",
      start: "2024-01-01",
      end: "2024-01-02 12:00",
      format: "yyyyMMdd'HH",
    });
    assert.deepEqual(p.keys(later), ["20240101'03", "20240101'09", "20240101'15", "20240101'21", "20240102'03"]);
    assert.deepEqual(p.timeWindow("20240101'21"), {
      start: new Date("2024-01-01T21:00:00Z"),
      end: new Date("2024-01-02T03:00:00Z"),
    });
    assert.equal(p.keyAt(new Date("2024-01-02T08:59:00Z")), "20240102'03");
    assert.equal(p.keyAt(new Date("2024-01-02T09:00:00Z")), null);
  });

  test("keysInRange gives the keys between two keys inclusive; unknown or reversed keys are errors", () => {
    const daily = dailyPartitions({ start: "2024-01-01", end: "2024-02-01" });
    assert.deepEqual(daily.keysInRange({ start: "2024-01-30", end: "2024-01-31" }, later), ["2024-01-30", "2024-01-31"]);
    assert.equal(daily.keysInRange({ start: "2024-01-01", end: "2024-01-31" }, later).length, 31);
    assert.throws(
      () => daily.keysInRange({ start: "2024-01-30", end: "2024-02-01" }, later),
      /unknown partition key "2024-02-01" \(range end\)/,
    );
    assert.throws(() => daily.keysInRange({ start: "2024-01-03", end: "2024-01-02" }, later), /is reversed/);
    assert.throws(() => daily.timeWindow("Jan 3"), /does not match the format "yyyy-MM-dd"/);
  });

  test("start and end may be Dates, wall-clock text in the zone, or keys in the format", () => {
    const fromDate = hourlyPartitions({ start: new Date("2024-01-01T10:30:00Z"), end: "2024-01-01-14:00" });
    assert.deepEqual(fromDate.keys(later), ["2024-01-01-11:00", "2024-01-01-12:00", "2024-01-01-13:00"]);
    // 01:30 on the fall-back day: the first window is the one after the repeated hour.
    const fallBack = hourlyPartitions({ start: "2024-11-03 01:30", end: "2024-11-03 04:00", timezone: NY });
    assert.deepEqual(fallBack.keys(later), ["2024-11-03-02:00", "2024-11-03-03:00"]);
  });

  test("bad arguments are refused with what is wrong", () => {
    assert.throws(() => dailyPartitions({ start: "2024-01-01", timezone: "Mars/Olympus" }), /unknown time zone "Mars\/Olympus"/);
    assert.throws(() => dailyPartitions({ start: "yesterday" }), /time partitions start: "yesterday" is not a date/);
    assert.throws(
      () => timeWindowPartitions({ cron: "0 0 * *", start: "2024-01-01", format: "yyyy" }),
      /invalid cron "0 0 \* \*"/,
    );
    assert.throws(() => dailyPartitions({ start: "2024-01-01", format: "YYYY-MM-DD" }), /unknown letter "Y"/);
    assert.throws(() => dailyPartitions({ start: "2024-01-02", end: "2024-01-01" }), /no window starts between start and end/);
  });
});
