// Time-window partitions: one partition per window between cron ticks in a time zone, from `start`
// (and ending by `end`, when given). Window starts are computed once and kept, so listing 10 years of
// daily keys costs one pass over the calendar.
import { DefinitionError } from "../definitions/definitionError.ts";
import { CronWindows } from "./cronWindows.ts";
import {
  type PartitionKeysContext,
  PartitionKeyError,
  type TimePartitionsDefinition,
  type TimeWindow,
} from "./partitionsDefinition.ts";
import { TimeKeyFormat, readBound } from "./timeKeyFormat.ts";

export interface TimeWindowPartitionsSpec {
  /** When each window starts, e.g. "0 0 * * *" (5 fields, or 6 with seconds first). */
  cron: string;
  /** The first window is the first one starting at or after this (a Date, or wall-clock time in `timezone`). */
  start: Date | string;
  /** Every window ends at or before this. */
  end?: Date | string;
  /** IANA time zone the cron and the keys are read in (default "UTC"). */
  timezone?: string;
  /** Windows past the last closed one that already count as partitions (1: the window in progress); may be negative. */
  endOffset?: number;
  /** Key format: yyyy, MM, dd, HH, mm, ss and punctuation, e.g. "yyyy-MM-dd". */
  format: string;
}

/** How far past a key's wall-clock time its window start may lie (a format coarser than the cron). */
const KEY_SEARCH_MARGIN_MS = 400 * 24 * 3600_000;

export function timeWindowPartitions(spec: TimeWindowPartitionsSpec): TimePartitionsDefinition {
  const timezone = spec.timezone ?? "UTC";
  const endOffset = spec.endOffset ?? 0;
  if (!Number.isInteger(endOffset)) throw new DefinitionError(`time partitions: endOffset must be an integer, got ${endOffset}`);
  const keyFormat = new TimeKeyFormat(spec.format, timezone);
  const windows = new CronWindows(spec.cron, keyFormat);
  const startBound = readBound(spec.start, keyFormat, "time partitions start");
  const end = spec.end === undefined ? null : readBound(spec.end, keyFormat, "time partitions end");
  const first = windows.startAtOrAfter(startBound);
  if (!first) throw new DefinitionError(`time partitions: cron "${spec.cron}" has no tick after ${startBound.toISOString()}`);
  if (end && end <= first)
    throw new DefinitionError(`time partitions: no window starts between start and end ${end.toISOString()}`);
  const what = `time partitions (cron "${spec.cron}" in ${timezone} from ${keyFormat.key(first)})`;

  // starts[i] is the start of window i; starts[i + 1] its end. `complete`: no window follows the last start.
  const starts: Date[] = [first];
  const startKeys: string[] = [keyFormat.key(first)];
  const indexByKey = new Map<string, number>([[startKeys[0]!, 0]]);
  let complete = false;
  const extend = (): boolean => {
    if (complete) return false;
    const next = windows.nextStart(starts[starts.length - 1]!, startKeys[startKeys.length - 1]);
    if (!next) {
      complete = true;
      return false;
    }
    if (end && next >= end) {
      // Every partition ends at or before `end`: a window that would end past it is no partition.
      complete = true;
      if (next > end) {
        indexByKey.delete(startKeys[startKeys.length - 1]!);
        return false;
      }
      starts.push(next);
      startKeys.push(keyFormat.key(next));
      return true;
    }
    starts.push(next);
    startKeys.push(keyFormat.key(next));
    indexByKey.set(startKeys[startKeys.length - 1]!, starts.length - 1);
    return true;
  };
  /** Windows (with a known end) that exist at all, up to `end`. */
  const windowCount = () => (complete ? starts.length - 1 : Number.POSITIVE_INFINITY);
  /** Extends until window `i` has a known end, or there is no window `i`. */
  const ensureWindow = (i: number) => {
    while (starts.length <= i + 1 && extend()) {}
  };
  /** Index of the window containing t, or -1 (before the first window, or past the last). */
  const indexAt = (t: Date): number => {
    if (t < first) return -1;
    while (starts[starts.length - 1]! <= t && extend()) {}
    let lo = 0;
    let hi = starts.length - 1;
    if (starts[hi]! <= t) return complete && hi >= windowCount() ? -1 : hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** How many windows have closed at `now`: window i has closed when starts[i + 1] <= now. */
  const closedCount = (now: Date): number => {
    while (starts[starts.length - 1]! <= now && extend()) {}
    let lo = 0; // count of starts <= now, by binary search
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= now) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(Math.max(lo - 1, 0), windowCount());
  };
  const keyCount = (ctx?: PartitionKeysContext): number => {
    const wanted = Math.max(0, closedCount(ctx?.now ?? new Date()) + endOffset);
    if (wanted > 0) ensureWindow(wanted - 1);
    return Math.min(wanted, windowCount());
  };
  const indexOfKey = (key: string): number => {
    const known = indexByKey.get(key);
    if (known !== undefined) return known;
    const wall = keyFormat.parse(key);
    if (!wall) throw new PartitionKeyError(`partition key "${key}" does not match the format "${spec.format}" of ${what}`);
    const limit = keyFormat.instant(wall).getTime() + KEY_SEARCH_MARGIN_MS;
    while (!indexByKey.has(key) && starts[starts.length - 1]!.getTime() <= limit && extend()) {}
    const found = indexByKey.get(key);
    if (found === undefined) throw new PartitionKeyError(`unknown partition key "${key}" for ${what}`);
    return found;
  };
  const keyOf = (i: number) => startKeys[i]!;

  return {
    kind: "time",
    signature: `time(${JSON.stringify([spec.cron, timezone, spec.format, first.toISOString(), end?.toISOString() ?? null, endOffset])})`,
    problems: [],
    timezone,
    cron: spec.cron,
    format: spec.format,
    start: first,
    end,
    endOffset,
    keys(ctx) {
      const n = keyCount(ctx);
      return Array.from({ length: n }, (_, i) => keyOf(i));
    },
    has(key, ctx) {
      // Listing the keys indexes every existing one, so no lookup past `now` is needed.
      const n = keyCount(ctx);
      const i = indexByKey.get(key);
      return i !== undefined && i < n;
    },
    keysInRange(range, ctx) {
      const n = keyCount(ctx);
      const position = (key: string, which: string) => {
        const i = indexByKey.get(key);
        if (i === undefined || i >= n) throw new PartitionKeyError(`unknown partition key "${key}" (range ${which}) for ${what}`);
        return i;
      };
      const from = position(range.start, "start");
      const to = position(range.end, "end");
      if (from > to) throw new PartitionKeyError(`partition range "${range.start}" to "${range.end}" is reversed for ${what}`);
      return Array.from({ length: to - from + 1 }, (_, i) => keyOf(from + i));
    },
    timeWindow(key) {
      const i = indexOfKey(key);
      ensureWindow(i);
      return { start: starts[i]!, end: starts[i + 1]! } satisfies TimeWindow;
    },
    keyAt(time) {
      const i = indexAt(time);
      return i < 0 ? null : keyOf(i);
    },
    shiftedWindow(key, offset) {
      const start = windows.shift(starts[indexOfKey(key)]!, offset);
      const next = start && windows.nextStart(start);
      return start && next ? { start, end: next } : null;
    },
    keysOverlapping(window) {
      const keys: string[] = [];
      let i = window.start < first ? 0 : indexAt(window.start);
      if (i < 0) return keys;
      for (ensureWindow(i); i < windowCount() && starts[i]! < window.end; ensureWindow(++i)) {
        if (starts[i + 1]! > window.start) keys.push(keyOf(i));
      }
      return keys;
    },
    lastClosedKey(now) {
      const n = closedCount(now);
      return n === 0 ? null : keyOf(n - 1);
    },
  };
}

interface CalendarSpec {
  start: Date | string;
  end?: Date | string;
  timezone?: string;
  endOffset?: number;
  format?: string;
}

function checkOffset(what: string, value: number | undefined, min: number, max: number): number {
  const v = value ?? min;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new DefinitionError(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  return v;
}

/** One partition per day, starting at midnight (plus hourOffset/minuteOffset) in the time zone. Keys "yyyy-MM-dd". */
export function dailyPartitions(spec: CalendarSpec & { hourOffset?: number; minuteOffset?: number }): TimePartitionsDefinition {
  const minute = checkOffset("dailyPartitions: minuteOffset", spec.minuteOffset, 0, 59);
  const hour = checkOffset("dailyPartitions: hourOffset", spec.hourOffset, 0, 23);
  return timeWindowPartitions({ ...spec, cron: `${minute} ${hour} * * *`, format: spec.format ?? "yyyy-MM-dd" });
}

/** One partition per hour. Keys "yyyy-MM-dd-HH:mm". */
export function hourlyPartitions(spec: CalendarSpec & { minuteOffset?: number }): TimePartitionsDefinition {
  const minute = checkOffset("hourlyPartitions: minuteOffset", spec.minuteOffset, 0, 59);
  return timeWindowPartitions({ ...spec, cron: `${minute} * * * *`, format: spec.format ?? "yyyy-MM-dd-HH:mm" });
}

/** One partition per week, starting on dayOfWeek (0 = Sunday, the default) at midnight. Keys "yyyy-MM-dd". */
export function weeklyPartitions(
  spec: CalendarSpec & { dayOfWeek?: number; hourOffset?: number; minuteOffset?: number },
): TimePartitionsDefinition {
  const day = checkOffset("weeklyPartitions: dayOfWeek", spec.dayOfWeek, 0, 6);
  const minute = checkOffset("weeklyPartitions: minuteOffset", spec.minuteOffset, 0, 59);
  const hour = checkOffset("weeklyPartitions: hourOffset", spec.hourOffset, 0, 23);
  return timeWindowPartitions({ ...spec, cron: `${minute} ${hour} * * ${day}`, format: spec.format ?? "yyyy-MM-dd" });
}

/** One partition per month, starting on dayOfMonth (1 to 28, default 1) at midnight. Keys "yyyy-MM-dd". */
export function monthlyPartitions(
  spec: CalendarSpec & { dayOfMonth?: number; hourOffset?: number; minuteOffset?: number },
): TimePartitionsDefinition {
  const day = checkOffset("monthlyPartitions: dayOfMonth", spec.dayOfMonth ?? 1, 1, 28);
  const minute = checkOffset("monthlyPartitions: minuteOffset", spec.minuteOffset, 0, 59);
  const hour = checkOffset("monthlyPartitions: hourOffset", spec.hourOffset, 0, 23);
  return timeWindowPartitions({ ...spec, cron: `${minute} ${hour} ${day} * *`, format: spec.format ?? "yyyy-MM-dd" });
}
