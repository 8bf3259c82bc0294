// The daemon: the loops that make Weir run work on its own (run queue, scheduler, sensors, run monitor),
// each reporting heartbeats. `weir dev` runs it inside the API process; `weir daemon` runs it alone. Any
// number of daemons may share one PostgreSQL database: every claim they make is atomic (see each loop).
import type { RunMonitor } from "../runs/runMonitor.ts";
import type { RunServices } from "../runs/runServices.ts";
import type { CrossProcessBus } from "../store/crossProcessBus.ts";
import type { WeirConfig } from "../config/weirConfig.ts";
import { startHeartbeats, type Heartbeats } from "./heartbeats.ts";
import type { RunQueue } from "../runs/runQueue.ts";
import { startScheduler, type Scheduler } from "../schedules/scheduler.ts";
import { startSensorDaemon, type SensorDaemon } from "../sensors/sensorDaemon.ts";

export const DAEMON_LOOPS = ["runQueue", "scheduler", "sensors", "runMonitor"] as const;

export interface Daemon {
  readonly id: string;
  queue: RunQueue;
  scheduler: Scheduler;
  sensors: SensorDaemon;
  heartbeats: Heartbeats;
  /** Stops the loops (not the runs in flight: the instance stops those). */
  stop(): Promise<void>;
}

export interface StartDaemonOptions {
  services: RunServices;
  queue: RunQueue;
  monitor: RunMonitor;
  bus: CrossProcessBus;
  config: WeirConfig["daemon"];
  /** This daemon's id (heartbeats, claimed runs). */
  daemonId: string;
  /** Drive schedules by hand (tests); default true. */
  fireSchedules?: boolean;
}

export function startDaemon(options: StartDaemonOptions): Daemon {
  const { services, queue, monitor, bus, config } = options;
  const heartbeats = startHeartbeats(services.store, [...DAEMON_LOOPS], config.heartbeatIntervalMs, options.daemonId);
  const beat = (loop: (typeof DAEMON_LOOPS)[number]) => (error?: Error) => heartbeats.beat(loop, error);
  queue.onPass(beat("runQueue"));
  const scheduler = startScheduler(services, queue, {
    maxCatchUpTicks: config.maxCatchUpTicks,
    reconcileIntervalMs: config.reconcileIntervalMs,
    fire: options.fireSchedules,
    bus,
    onPass: beat("scheduler"),
  });
  const sensors = startSensorDaemon(services, queue, { reconcileIntervalMs: config.reconcileIntervalMs, bus, onPass: beat("sensors") });
  // The monitor keeps its own timer; this pass proves it answers and records its failures.
  const monitorBeat = setInterval(() => {
    monitor.check().then(
      () => heartbeats.beat("runMonitor"),
      (error: Error) => heartbeats.beat("runMonitor", error),
    );
  }, config.heartbeatIntervalMs);
  monitorBeat.unref();
  void heartbeats.flush().catch((error: Error) => services.log.error({ err: error }, `could not write the first daemon heartbeat: ${error.message}`));
  services.log.info({ daemonId: heartbeats.daemonId }, "daemon started: run queue, scheduler, sensors, run monitor");

  return {
    id: heartbeats.daemonId,
    queue,
    scheduler,
    sensors,
    heartbeats,
    async stop() {
      clearInterval(monitorBeat);
      await Promise.allSettled([scheduler.stop(), sensors.stop()]);
      await heartbeats.stop();
    },
  };
}
