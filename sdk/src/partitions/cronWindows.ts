// The windows between consecutive ticks of a cron expression in a time zone. croner does the calendar
// work (it skips or shifts the wall-clock times a daylight-saving change removes); ticks that share a
// key (the repeated hour when clocks fall back) are one window, so that keys stay unique.
import { Cron } from "croner";
import { cronProblem } from "../definitions/cron.ts";
import { DefinitionError } from "../definitions/definitionError.ts";
import type { TimeKeyFormat } from "./timeKeyFormat.ts";

const MINUTE = 60_000;
/** How far back to look for a previous tick before giving up (a Feb 29 cron ticks every 4 to 8 years). */
const LOOKBACK_LIMIT = 9 * 366 * 24 * 60 * MINUTE;

export class CronWindows {
  private readonly schedule: Cron;

  constructor(
    readonly cron: string,
    readonly keyFormat: TimeKeyFormat,
  ) {
    const problem = cronProblem(cron);
    if (problem) throw new DefinitionError(`invalid cron "${cron}" for time partitions: ${problem}`);
    try {
      this.schedule = new Cron(cron, { timezone: keyFormat.timezone, paused: true });
      this.schedule.nextRun(new Date(0));
    } catch (e) {
      throw new DefinitionError(`invalid cron "${cron}" in time zone "${keyFormat.timezone}": ${(e as Error).message}`);
    }
  }

  key(start: Date): string {
    return this.keyFormat.key(start);
  }

  /** The first tick strictly after t, or null when the cron never ticks again. */
  private tickAfter(t: Date): Date | null {
    return this.schedule.nextRun(t);
  }

  /** The last tick strictly before t. */
  private tickBefore(t: Date): Date | null {
    for (let span = MINUTE; span <= LOOKBACK_LIMIT; span *= 4) {
      let tick = this.tickAfter(new Date(t.getTime() - span - 1));
      if (!tick || tick >= t) continue;
      for (let next = this.tickAfter(tick); next && next < t; next = this.tickAfter(next)) tick = next;
      return tick;
    }
    return null;
  }

  /** The start of the first window starting at or after t. */
  startAtOrAfter(t: Date): Date | null {
    const tick = this.tickAfter(new Date(t.getTime() - 1));
    if (!tick) return null;
    const before = this.tickBefore(tick);
    return before && this.key(before) === this.key(tick) ? this.nextStart(tick) : tick;
  }

  /** The start of the window after the one starting at `start` (its end), or null when there is none. */
  nextStart(start: Date, startKey = this.key(start)): Date | null {
    const key = startKey;
    let tick = this.tickAfter(start);
    while (tick && this.key(tick) === key) tick = this.tickAfter(tick);
    return tick;
  }

  /** The start of the window before the one starting at `start`, or null when there is none. */
  previousStart(start: Date): Date | null {
    let tick = this.tickBefore(start);
    if (!tick) return null;
    for (let before = this.tickBefore(tick); before && this.key(before) === this.key(tick); before = this.tickBefore(tick)) {
      tick = before;
    }
    return tick;
  }

  /** The start of the window `n` windows away from the one starting at `start` (n < 0: earlier). */
  shift(start: Date, n: number): Date | null {
    let s: Date | null = start;
    for (let i = 0; i < Math.abs(n) && s; i++) s = n > 0 ? this.nextStart(s) : this.previousStart(s);
    return s;
  }
}
