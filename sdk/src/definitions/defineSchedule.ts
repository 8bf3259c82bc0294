import { DefinitionError } from "./definitionError.ts";
import { cronProblem } from "./cron.ts";
import { checkName } from "./keys.ts";
import type { DefaultStatus, JobDef, ScheduleDef, ScheduleTick } from "./types.ts";

export interface ScheduleSpec {
  name: string;
  cron: string;
  /** IANA time zone the cron is read in (default UTC). */
  timezone?: string;
  job: JobDef;
  /** Run config for a tick. */
  config?: (tick: ScheduleTick) => unknown;
  shouldRun?: (tick: ScheduleTick) => boolean | Promise<boolean>;
  defaultStatus?: DefaultStatus;
  tags?: Record<string, string>;
}

export function defineSchedule(spec: ScheduleSpec): ScheduleDef {
  const name = checkName("schedule", spec.name);
  const problem = cronProblem(String(spec.cron));
  if (problem) throw new DefinitionError(`schedule "${name}": invalid cron "${spec.cron}": ${problem}`);
  const timezone = spec.timezone ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new DefinitionError(`schedule "${name}": unknown timezone "${timezone}"`);
  }
  return {
    kind: "schedule",
    name,
    cron: spec.cron.trim(),
    timezone,
    job: spec.job,
    config: spec.config,
    shouldRun: spec.shouldRun,
    defaultStatus: spec.defaultStatus ?? "STOPPED",
    tags: { ...(spec.tags ?? {}) },
  };
}
