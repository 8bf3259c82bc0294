// The scheduler (run by the daemon's scheduler loop): a node-cron task per RUNNING schedule wakes it; on each
// wake-up it launches the schedule's due ticks (scheduleTicks.ts decides which), each claimed by inserting
// its tick row, so a restart or a second daemon never launches a tick twice. A tick is launched under its
// lock, so a tick left STARTED by a daemon that died (its lock went with it) is finished by the next
// wake-up of any daemon, launching only the requests not launched yet (their run ids are fixed). The
// tick's config/shouldRun run in the code server; a throw there makes the tick FAILURE and the schedule
// keeps running.
// `reconcile` re-reads which schedules run and starts and stops cron tasks to match (the daemon loop calls
// it every reconcile interval and when start/stop is signalled from any process).
import cron, { type ScheduledTask } from "node-cron";
import type { ScheduleSnapshot } from "../codeLocations/codeLocationManager.ts";
import { launchRun, type RunDispatch } from "../runs/runLaunching.ts";
import type { RunServices } from "../runs/runServices.ts";
import { ensureState, readStates } from "../instigators/instigatorStates.ts";
import { dueTicks } from "./scheduleTicks.ts";
import { scheduleRequestRunId } from "../instigators/requestRunIds.ts";
import {
  claimScheduleTick,
  finishTick,
  isTickStarted,
  lastScheduledAt,
  recordSkippedScheduleTicks,
  startedScheduleTicks,
} from "../instigators/ticks.ts";
import type { DaemonLiveness } from "../daemon/daemonLiveness.ts";

export const SCHEDULE_TAG = "weir/schedule";
export const TICK_TAG = "weir/scheduled_time";

export interface SchedulerOptions {
  maxCatchUpTicks: number;
  /** Locks held while a tick is launched, released when the daemon dies (daemonLiveness.ts). */
  locks: Pick<DaemonLiveness, "whileHolding">;
  /** False leaves out the node-cron tasks and the catch-up at start (tests drive processDue with a chosen clock). */
  fire?: boolean;
  /** Called after each wake-up a cron task caused, with its error if it failed (the loop's heartbeat). */
  onPass?: (error?: Error) => void;
}

export interface Scheduler {
  /** Re-reads the schedules and their states; starts and stops cron tasks to match. */
  reconcile(): Promise<void>;
  /** Launches the due ticks of one schedule as of `now`. Resolves with the scheduled times it launched. */
  processDue(name: string, now?: Date): Promise<Date[]>;
  /** Names of the schedules this scheduler runs tasks for. */
  running(): string[];
  stop(): Promise<void>;
}

interface Task {
  cron: string;
  timezone: string;
  task?: ScheduledTask;
}

export function startScheduler(services: RunServices, dispatch: RunDispatch, options: SchedulerOptions): Scheduler {
  const { store, locations, log } = services;
  const tasks = new Map<string, Task>();
  /** One processDue at a time per schedule in this process (two wake-ups may overlap). */
  const busy = new Map<string, Promise<Date[]>>();
  let stopped = false;

  function findSchedule(name: string): { schedule: ScheduleSnapshot; locationName: string } | undefined {
    const found = locations.findSchedule(name);
    return found ? { schedule: found.schedule, locationName: found.location.name } : undefined;
  }

  /**
   * Launches one tick, holding the tick's lock meanwhile: claims its row, or finishes the row a daemon that
   * died left STARTED (`stranded`). A tick another live daemon holds is left to it.
   */
  async function launchTick(
    schedule: ScheduleSnapshot,
    locationName: string,
    scheduledAt: Date,
    stranded?: bigint,
  ): Promise<boolean> {
    const tick = `schedule tick ${schedule.name} ${scheduledAt.toISOString()}`;
    const outcome = await options.locks.whileHolding(tick, () => runTick(schedule, locationName, scheduledAt, stranded));
    return outcome.held && outcome.value;
  }

  async function runTick(
    schedule: ScheduleSnapshot,
    locationName: string,
    scheduledAt: Date,
    stranded?: bigint,
  ): Promise<boolean> {
    // Another daemon, or this one before a restart, has this tick; a stranded one may have been finished
    // by whoever held it before us.
    const tickId =
      stranded === undefined
        ? await claimScheduleTick(store, schedule.name, scheduledAt)
        : (await isTickStarted(store, stranded))
          ? stranded
          : null;
    if (tickId === null) return false;
    const runIds: string[] = [];
    try {
      const evaluation = await locations.evaluateSchedule(locationName, schedule.name, scheduledAt);
      if (evaluation.runRequests.length === 0) {
        await finishTick(store, tickId, { status: "SKIPPED", skipReason: evaluation.skipReason ?? "no run requests" });
        return true;
      }
      for (const [index, request] of evaluation.runRequests.entries()) {
        // The run id is fixed by the tick and the request, so finishing a stranded tick launches only
        // the requests its first attempt did not.
        const runId = scheduleRequestRunId(schedule.name, scheduledAt, request.runKey ?? String(index));
        const run = await launchRun(
          services,
          dispatch,
          {
            job: request.jobName ?? schedule.jobName,
            config: request.config ?? undefined,
            tags: { ...request.tags, [SCHEDULE_TAG]: schedule.name, [TICK_TAG]: scheduledAt.toISOString() },
            partitionKey: request.partitionKey ?? null,
          },
          { runId },
        );
        runIds.push(run.id);
      }
      await finishTick(store, tickId, { status: "SUCCESS", runIds });
    } catch (error) {
      log.warn({ schedule: schedule.name, scheduledAt }, `schedule tick failed: ${(error as Error).message}`);
      await finishTick(store, tickId, {
        status: "FAILURE",
        // Runs launched before the failure are still the tick's.
        runIds,
        error: new Error(
          `schedule "${schedule.name}" (location ${locationName}) tick ${scheduledAt.toISOString()}: ${(error as Error).message}`,
          { cause: error },
        ),
      });
    }
    return true;
  }

  async function processDueNow(name: string, now: Date): Promise<Date[]> {
    const found = findSchedule(name);
    if (!found) return [];
    const state = await ensureState(store, {
      kind: "SCHEDULE",
      name,
      locationName: found.locationName,
      defaultStatus: found.schedule.defaultStatus,
    });
    if (state.status !== "RUNNING") return [];
    const last = await lastScheduledAt(store, name);
    const since = new Date(Math.max(last?.getTime() ?? 0, state.runningSince?.getTime() ?? state.updatedAt.getTime()));
    const due = dueTicks(found.schedule.cron, found.schedule.timezone, since, now, options.maxCatchUpTicks);
    if (due.skip.length) {
      await recordSkippedScheduleTicks(
        store,
        name,
        due.skip,
        `missed while no daemon ran; only the newest ${options.maxCatchUpTicks} missed tick(s) are launched (daemon.maxCatchUpTicks)`,
      );
    }
    const launched: Date[] = [];
    for (const at of due.launch) if (await launchTick(found.schedule, found.locationName, at)) launched.push(at);
    // Then ticks a daemon that died left STARTED (their lock went with it); those a live daemon is
    // launching are locked, and left to it.
    for (const tick of await startedScheduleTicks(store, name)) {
      if (await launchTick(found.schedule, found.locationName, tick.scheduledAt, tick.id)) launched.push(tick.scheduledAt);
    }
    return launched;
  }

  function processDue(name: string, now: Date = new Date()): Promise<Date[]> {
    const previous = busy.get(name) ?? Promise.resolve([]);
    const next = previous.catch(() => []).then(() => processDueNow(name, now));
    busy.set(name, next);
    void next.finally(() => busy.get(name) === next && busy.delete(name)).catch(() => {});
    return next;
  }

  function wake(name: string, scheduled: Date | undefined): void {
    if (stopped) return;
    // node-cron may wake a little early; never look at a time before the one it woke for.
    const now = new Date(Math.max(Date.now(), scheduled?.getTime() ?? 0));
    processDue(name, now).then(
      () => options.onPass?.(),
      (error: Error) => {
        log.error({ err: error, schedule: name }, `scheduler could not process schedule "${name}": ${error.message}`);
        options.onPass?.(error);
      },
    );
  }

  function startTask(schedule: ScheduleSnapshot): void {
    const existing = tasks.get(schedule.name);
    if (existing && existing.cron === schedule.cron && existing.timezone === schedule.timezone) return;
    stopTask(schedule.name);
    const entry: Task = { cron: schedule.cron, timezone: schedule.timezone };
    if (options.fire !== false) {
      entry.task = cron.schedule(schedule.cron, (ctx) => wake(schedule.name, ctx.date), {
        timezone: schedule.timezone,
        name: `weir schedule ${schedule.name}`,
        unref: true,
        suppressMissedWarning: true,
      });
    }
    tasks.set(schedule.name, entry);
    // Catch up what was missed while it was not running here.
    if (options.fire !== false) wake(schedule.name, undefined);
  }

  function stopTask(name: string): void {
    const entry = tasks.get(name);
    if (!entry) return;
    void entry.task?.destroy();
    tasks.delete(name);
  }

  async function reconcile(): Promise<void> {
    const states = await readStates(store, "SCHEDULE");
    const wanted = new Map<string, ScheduleSnapshot>();
    for (const location of locations.list()) {
      for (const schedule of location.snapshot?.schedules ?? []) {
        const stored = states.get(schedule.name);
        if ((stored?.status ?? schedule.defaultStatus) !== "RUNNING") continue;
        // Running by default: store it, so its runningSince (where catch-up starts) is fixed from now on.
        if (!stored)
          await ensureState(store, {
            kind: "SCHEDULE",
            name: schedule.name,
            locationName: location.name,
            defaultStatus: schedule.defaultStatus,
          });
        wanted.set(schedule.name, schedule);
      }
    }
    for (const name of [...tasks.keys()]) if (!wanted.has(name)) stopTask(name);
    if (!stopped) for (const schedule of wanted.values()) startTask(schedule);
  }

  return {
    reconcile,
    processDue,
    running: () => [...tasks.keys()],
    async stop() {
      stopped = true;
      for (const name of [...tasks.keys()]) stopTask(name);
      await Promise.allSettled([...busy.values()]);
    },
  };
}
