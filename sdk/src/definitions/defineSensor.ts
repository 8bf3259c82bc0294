import type { RunStatus } from "../events.ts";
import { DefinitionError } from "./definitionError.ts";
import { checkName } from "./keys.ts";
import type { DefaultStatus, JobDef, SensorContext, SensorDef, SensorResult } from "./types.ts";

export interface SensorSpec {
  name: string;
  /** Seconds between evaluations (default 30). */
  intervalSeconds?: number;
  job: JobDef;
  evaluate: (ctx: SensorContext) => Promise<SensorResult> | SensorResult;
  defaultStatus?: DefaultStatus;
  /** Makes this a run-status sensor: evaluated when a run (of monitoredJobs, or any) reaches one of these. */
  onRunStatus?: RunStatus[];
  monitoredJobs?: string[];
}

export function defineSensor(spec: SensorSpec): SensorDef {
  const name = checkName("sensor", spec.name);
  const intervalSeconds = spec.intervalSeconds ?? 30;
  if (!(typeof intervalSeconds === "number" && intervalSeconds > 0 && Number.isFinite(intervalSeconds))) {
    throw new DefinitionError(`sensor "${name}": intervalSeconds must be a positive number, got ${spec.intervalSeconds}`);
  }
  return {
    kind: "sensor",
    name,
    intervalSeconds,
    job: spec.job,
    evaluate: spec.evaluate,
    defaultStatus: spec.defaultStatus ?? "STOPPED",
    onRunStatus: spec.onRunStatus ? [...spec.onRunStatus] : null,
    monitoredJobs: spec.monitoredJobs ? [...spec.monitoredJobs] : null,
  };
}
