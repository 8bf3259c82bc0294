// A clock for tests: time only moves when a sleep asks it to, and every sleep is recorded.
import type { Clock } from "../src/index.ts";

export interface FakeClock extends Clock {
  sleeps: number[];
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    async sleep(ms) {
      sleeps.push(ms);
      t += ms;
    },
  };
}
