import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dueTicks, nextTick, nextTicks } from "./scheduleTicks.ts";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

/** The wall-clock time of `date` in `timeZone`, as HH:MM. */
function localTime(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

describe("schedule ticks", () => {
  it("keeps 09:00 local in New York across the spring and autumn changes", () => {
    const spring = nextTicks("0 9 * * *", "America/New_York", new Date("2026-03-06T20:00:00Z"), 3);
    assert.deepEqual(iso(spring), ["2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
    const autumn = nextTicks("0 9 * * *", "America/New_York", new Date("2026-10-30T20:00:00Z"), 3);
    assert.deepEqual(iso(autumn), ["2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
    for (const t of [...spring, ...autumn]) assert.equal(localTime(t, "America/New_York"), "09:00");
  });

  it("runs a tick in a skipped hour once after the gap, and one in a repeated hour once", () => {
    // Paris: 2026-03-29 02:00 -> 03:00 (02:30 does not exist); 2026-10-25 03:00 -> 02:00 (02:30 twice).
    const spring = nextTicks("30 2 * * *", "Europe/Paris", new Date("2026-03-27T12:00:00Z"), 3);
    assert.equal(spring.length, 3);
    assert.equal(localTime(spring[0]!, "Europe/Paris"), "02:30");
    assert.equal(spring[1]!.toISOString().slice(0, 10), "2026-03-29");
    const shifted = localTime(spring[1]!, "Europe/Paris");
    assert.ok(shifted >= "03:00" && shifted <= "03:30", `the skipped 02:30 runs right after the gap, got ${shifted}`);
    assert.equal(localTime(spring[2]!, "Europe/Paris"), "02:30");
    const autumn = nextTicks("30 2 * * *", "Europe/Paris", new Date("2026-10-24T12:00:00Z"), 2);
    assert.deepEqual(iso(autumn), ["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
  });

  it("accepts seconds and finds the next tick", () => {
    assert.equal(
      nextTick("*/5 * * * * *", "UTC", new Date("2026-01-01T00:00:01.500Z"))?.toISOString(),
      "2026-01-01T00:00:05.000Z",
    );
  });

  it("due ticks: every tick in (since, now], the newest up to the catch-up limit launched, older skipped", () => {
    const since = new Date("2026-01-01T00:00:00.000Z");
    const now = new Date("2026-01-01T00:00:10.000Z");
    const due = dueTicks("* * * * * *", "UTC", since, now, 3);
    assert.deepEqual(iso(due.launch), ["2026-01-01T00:00:08.000Z", "2026-01-01T00:00:09.000Z", "2026-01-01T00:00:10.000Z"]);
    assert.equal(due.skip.length, 7);
    assert.equal(due.skip[0]!.toISOString(), "2026-01-01T00:00:01.000Z");
    assert.deepEqual(dueTicks("* * * * * *", "UTC", now, now, 3), { launch: [], skip: [] });
    // A long outage records only the newest skipped ticks.
    const long = dueTicks("* * * * * *", "UTC", new Date("2025-01-01T00:00:00Z"), now, 2, 50);
    assert.equal(long.launch.length, 2);
    assert.equal(long.skip.length, 50);
  });
});
