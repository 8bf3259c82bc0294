// Computing a schedule's tick times (croner): which ticks are due since the last one, and the next one.
// node-cron only wakes the scheduler; the times themselves always come from here, so they can be tested
// for any date (daylight-saving changes included) without waiting, and a wake-up a little early or late
// never changes which ticks exist. In a skipped local hour (spring forward) a tick runs once, at the first
// valid time after the gap; in a repeated hour (fall back) it runs once, at the first occurrence.
import { Cron } from "croner";

function cron(expression: string, timezone: string): Cron {
  try {
    return new Cron(expression, { timezone, paused: true });
  } catch (error) {
    throw new Error(`invalid cron "${expression}" (timezone ${timezone}): ${(error as Error).message}`, { cause: error });
  }
}

/** The first tick strictly after `after`. */
export function nextTick(expression: string, timezone: string, after: Date): Date | null {
  return cron(expression, timezone).nextRun(after);
}

/** The next `count` ticks strictly after `after`. */
export function nextTicks(expression: string, timezone: string, after: Date, count: number): Date[] {
  return cron(expression, timezone).nextRuns(count, after);
}

export interface DueTicks {
  /** Ticks to launch, oldest first: the newest `maxCatchUp` ticks in (since, now]. */
  launch: Date[];
  /** Older due ticks that will not run, oldest first (at most `maxSkippedRecorded` of the newest of them). */
  skip: Date[];
}

/**
 * The ticks in (since, now]. When more than `maxCatchUp` are due (the daemon was down), the newest
 * `maxCatchUp` are launched and the older ones skipped, like Dagster's max_catchup_runs. Only the newest
 * `maxSkippedRecorded` skipped ticks are returned, so a long outage of a seconds cron stays cheap.
 */
export function dueTicks(
  expression: string,
  timezone: string,
  since: Date,
  now: Date,
  maxCatchUp: number,
  maxSkippedRecorded = 100,
): DueTicks {
  const c = cron(expression, timezone);
  // previousRuns excludes its reference: one ms past `now` includes a tick at exactly `now`.
  const reference = new Date(now.getTime() + 1);
  const newest = c
    .previousRuns(Math.max(1, maxCatchUp) + maxSkippedRecorded, reference)
    .filter((t) => t.getTime() > since.getTime());
  newest.reverse();
  const launchCount = Math.min(Math.max(0, maxCatchUp), newest.length);
  return { launch: newest.slice(newest.length - launchCount), skip: newest.slice(0, newest.length - launchCount) };
}
