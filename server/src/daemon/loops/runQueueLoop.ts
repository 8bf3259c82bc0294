// The run queue as a daemon loop: its pass claims and starts what may start (runs/runQueue.ts). It wakes
// itself (a new run, a finished one, a limits change, its own sweep), so the daemon adds no timer.
import { defineDaemonLoop } from "../daemonLoop.ts";

export const runQueueLoop = defineDaemonLoop({
  name: "runQueue",
  label: "Run queue",
  description: "Starts queued runs by priority, then age, within the run queue's limits, and hands each to the launcher.",
  triggers: () => ({ intervalMs: null }),
  start({ queue, beat }) {
    queue.onPass(beat);
    return { pass: () => queue.pump(), stop: async () => {} };
  },
});
