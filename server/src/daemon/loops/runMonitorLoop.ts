// The run monitor as a daemon loop. The monitor keeps its own timer (runs/runMonitor.ts); this pass, every
// heartbeat interval, proves it answers and records its failures.
import { defineDaemonLoop } from "../daemonLoop.ts";

export const runMonitorLoop = defineDaemonLoop({
  name: "runMonitor",
  label: "Run monitor",
  description:
    "Ends the runs this daemon started whose worker died, that never started in time, or that passed their max runtime.",
  triggers: (config) => ({ intervalMs: config.heartbeatIntervalMs }),
  start({ monitor }) {
    return { pass: () => monitor.check(), stop: async () => {} };
  },
});
