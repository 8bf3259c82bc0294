// Run takeover as a daemon loop: every heartbeat interval, the runs of daemons that died (their liveness
// lock is gone) are adopted and settled (runTakeover.ts). The daemon also does one pass before it starts
// dequeuing (weirInstance.ts), so a restart settles what the previous process left at once.
import { defineDaemonLoop } from "../daemonLoop.ts";
import { createRunTakeover } from "../runTakeover.ts";

export const runTakeoverLoop = defineDaemonLoop({
  name: "runTakeover",
  label: "Run takeover",
  description:
    "Settles the runs of daemons that died: requeues those never started, reattaches to workers still running, fails the rest with the reason; looks again for workers it could not look for.",
  triggers: (config) => ({ intervalMs: config.heartbeatIntervalMs }),
  start({ services, liveness, monitor }) {
    const takeover = createRunTakeover(services, liveness, monitor);
    return { pass: async () => void (await takeover.pass()), takeover, stop: async () => {} };
  },
});
