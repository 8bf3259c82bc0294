// Evaluation of schedule ticks and sensor evaluations, for the code server: finds the definition by
// name, calls user code and normalizes what it returns. Timeouts are the caller's business.
import type { Definitions, ScheduleTick, SensorContext } from "./definitions/types.ts";
import { PARTITION_TAG } from "./execution/runPartition.ts";
import { isTimePartitions } from "./partitions/partitionsDefinition.ts";

export interface ScheduleEvaluation {
  scheduleName: string;
  jobName: string;
  /** Empty when shouldRun said no. */
  runRequests: { runKey: string; config: unknown; tags: Record<string, string> }[];
  skipReason: string | null;
}

export interface SensorEvaluation {
  sensorName: string;
  jobName: string;
  runRequests: { runKey: string | null; config: unknown; tags: Record<string, string> }[];
  cursor: string | null;
  skipReason: string | null;
}

export async function evaluateSchedule(defs: Definitions, name: string, tick: ScheduleTick): Promise<ScheduleEvaluation> {
  const schedule = defs.schedules.find((s) => s.name === name);
  if (!schedule) throw new Error(`schedule "${name}" is not defined`);
  const base = { scheduleName: name, jobName: schedule.job.name };
  if (schedule.shouldRun && !(await schedule.shouldRun(tick))) {
    return { ...base, runRequests: [], skipReason: `shouldRun returned false for ${tick.scheduledTime.toISOString()}` };
  }
  // A job partitioned by time runs for the window that has just closed at the tick (yesterday, for a daily tick).
  const partitions = schedule.job.partitions;
  let partitionTags: Record<string, string> = {};
  if (isTimePartitions(partitions)) {
    const key = partitions.lastClosedKey(tick.scheduledTime);
    if (key === null)
      return {
        ...base,
        runRequests: [],
        skipReason: `no partition of job "${schedule.job.name}" has closed by ${tick.scheduledTime.toISOString()}`,
      };
    partitionTags = { [PARTITION_TAG]: key };
  }
  const config = schedule.config ? await schedule.config(tick) : undefined;
  return {
    ...base,
    // The scheduled time keys the run, so a tick retried after a crash never launches twice.
    runRequests: [
      {
        runKey: `${name}:${tick.scheduledTime.toISOString()}`,
        config,
        tags: { ...schedule.job.tags, ...schedule.tags, ...partitionTags },
      },
    ],
    skipReason: null,
  };
}

export async function evaluateSensor(defs: Definitions, name: string, ctx: SensorContext): Promise<SensorEvaluation> {
  const sensor = defs.sensors.find((s) => s.name === name);
  if (!sensor) throw new Error(`sensor "${name}" is not defined`);
  const result = (await sensor.evaluate(ctx)) ?? {};
  const requests = Array.isArray(result.runRequests) ? result.runRequests : [];
  return {
    sensorName: name,
    jobName: sensor.job.name,
    runRequests: requests.map((r) => ({
      runKey: r.runKey ?? null,
      config: r.config,
      tags: { ...sensor.job.tags, ...(r.tags ?? {}) },
    })),
    cursor: result.cursor ?? ctx.cursor ?? null,
    skipReason: result.skipReason ?? (requests.length === 0 ? "no run requests" : null),
  };
}
