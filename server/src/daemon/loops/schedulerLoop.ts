// The scheduler as a daemon loop: its pass re-reads which schedules run and keeps a cron task for each
// (schedules/scheduler.ts); each tick a task fires also counts as the loop's heartbeat.
import { startScheduler } from "../../schedules/scheduler.ts";
import { defineDaemonLoop } from "../daemonLoop.ts";

export const schedulerLoop = defineDaemonLoop({
  name: "scheduler",
  label: "Scheduler",
  description: "Launches the runs of running schedules at each cron tick, catching up ticks missed while no daemon ran.",
  triggers: (config) => ({ intervalMs: config.reconcileIntervalMs, signals: ["instigatorsChanged"], atStart: true }),
  start({ services, queue, config, liveness, fireSchedules, beat }) {
    const scheduler = startScheduler(services, queue, {
      maxCatchUpTicks: config.maxCatchUpTicks,
      locks: liveness,
      fire: fireSchedules,
      onPass: beat,
    });
    return { ...scheduler, pass: scheduler.reconcile };
  },
});
