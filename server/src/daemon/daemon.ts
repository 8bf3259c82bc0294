// The daemon: the loops that make Weir run work on its own (daemonLoops.ts lists them), each run by
// loopRunner.ts and reporting heartbeats. `weir dev` runs it inside the API process; `weir daemon` runs it
// alone. Any number of daemons may share one PostgreSQL database: every claim they make is atomic (see
// each loop), and each holds a liveness lock while it lives (daemonLiveness.ts).
import type { RunMonitor } from "../runs/runMonitor.ts";
import type { RunQueue } from "../runs/runQueue.ts";
import type { RunServices } from "../runs/runServices.ts";
import type { CrossProcessBus } from "../store/crossProcessBus.ts";
import type { DaemonConfig, LoopHandle } from "./daemonLoop.ts";
import type { DaemonLiveness } from "./daemonLiveness.ts";
import { DAEMON_LOOPS, DAEMON_LOOP_NAMES, type DaemonLoopHandle, type DaemonLoopName } from "./daemonLoops.ts";
import { startHeartbeats, type Heartbeats } from "./heartbeats.ts";
import { runLoop } from "./loopRunner.ts";

export interface Daemon {
  readonly id: string;
  readonly liveness: DaemonLiveness;
  heartbeats: Heartbeats;
  /** A running loop's handle (its pass, and whatever its file exposes: the scheduler's processDue...). */
  loop<Name extends DaemonLoopName>(name: Name): DaemonLoopHandle<Name>;
  /** Stops the loops (not the runs in flight: the instance stops those). */
  stop(): Promise<void>;
}

export interface StartDaemonOptions {
  services: RunServices;
  queue: RunQueue;
  monitor: RunMonitor;
  bus: CrossProcessBus;
  config: DaemonConfig;
  /** Held by the instance: it outlives the loops, so no other daemon takes runs over while this one stops. */
  liveness: DaemonLiveness;
  /** Drive schedules by hand (tests); default true. */
  fireSchedules?: boolean;
}

export function startDaemon(options: StartDaemonOptions): Daemon {
  const { services, liveness } = options;
  const daemonId = liveness.daemonId;
  const heartbeats = startHeartbeats(services.store, [...DAEMON_LOOP_NAMES], options.config.heartbeatIntervalMs, daemonId);
  const context = { ...options, daemonId, fireSchedules: options.fireSchedules ?? true };
  const running = new Map<string, LoopHandle>(
    DAEMON_LOOPS.map((loop) => [loop.name, runLoop<LoopHandle>(loop, context, heartbeats)]),
  );
  void heartbeats
    .flush()
    .catch((error: Error) => services.log.error({ err: error }, `could not write the first daemon heartbeat: ${error.message}`));
  services.log.info({ daemonId }, `daemon started: ${DAEMON_LOOPS.map((l) => l.label.toLowerCase()).join(", ")}`);

  return {
    id: daemonId,
    liveness,
    heartbeats,
    loop: <Name extends DaemonLoopName>(name: Name) => running.get(name) as DaemonLoopHandle<Name>,
    async stop() {
      await Promise.allSettled([...running.values()].map((loop) => loop.stop()));
      await heartbeats.stop();
    },
  };
}
