// The JSON snapshot of a code location that the server reads (through the code server's `describe`).
import type { RunStatus } from "./events.ts";
import type { DefaultStatus, Definitions } from "./definitions/types.ts";
import { ASSET_JOB_NAME, buildPlan, type StepPlanNode } from "./plan/executionPlan.ts";
import { defaultRunConfig, planTakesConfig, runConfigJsonSchema } from "./plan/runConfig.ts";
import { describePartitions } from "./partitions/describePartitions.ts";
import type { MultiPartitionsDefinition, PartitionsDefinition } from "./partitions/partitionsDefinition.ts";
import { isTimePartitions } from "./partitions/partitionsDefinition.ts";

/**
 * A partitions definition as the server sees it: enough to rebuild it with the SDK constructors (time windows
 * are described, not listed, so the snapshot of 10 years of daily partitions stays small).
 */
export type PartitionsSnapshot =
  | {
      kind: "time";
      description: string;
      cron: string;
      timezone: string;
      format: string;
      /** ISO instant of the first window's start. */
      start: string;
      end: string | null;
      endOffset: number;
    }
  | { kind: "static"; description: string; keys: string[] }
  | { kind: "dynamic"; description: string; name: string }
  | { kind: "multi"; description: string; dimensions: { name: string; partitions: PartitionsSnapshot }[] };

export function describePartitionsSnapshot(p: PartitionsDefinition | undefined): PartitionsSnapshot | null {
  if (!p) return null;
  const description = describePartitions(p);
  if (isTimePartitions(p))
    return {
      kind: "time",
      description,
      cron: p.cron,
      timezone: p.timezone,
      format: p.format,
      start: p.start.toISOString(),
      end: p.end ? p.end.toISOString() : null,
      endOffset: p.endOffset,
    };
  if (p.kind === "static") return { kind: "static", description, keys: p.keys() };
  if (p.kind === "dynamic") return { kind: "dynamic", description, name: (p as PartitionsDefinition & { name: string }).name };
  const dims = (p as MultiPartitionsDefinition).dimensions;
  return {
    kind: "multi",
    description,
    dimensions: Object.entries(dims).map(([name, d]) => ({ name, partitions: describePartitionsSnapshot(d)! })),
  };
}

export interface AssetSnapshot {
  key: string;
  group: string;
  description: string | null;
  deps: string[];
  hasRetry: boolean;
  /** Step key that materializes it (equal to the key). */
  stepKey: string;
  hasConfig: boolean;
  /** Null for an unpartitioned asset. */
  partitions?: PartitionsSnapshot | null;
  /** True when one run may materialize a range of its partitions (backfillPolicy "singleRun"). */
  takesPartitionRange?: boolean;
}

export interface JobSnapshot {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  steps: StepPlanNode[];
  /** JSON schema of the run config (zod's toJSONSchema, input side). */
  configSchema: Record<string, unknown>;
  defaultConfig: unknown;
  /**
   * False when neither a step of the job nor a resource declares a config schema: the only valid run
   * config is then an empty one, which the server checks itself (validateEmptyRunConfig).
   */
  takesConfig: boolean;
  /** True for the implicit job over all assets. */
  isAssetJob: boolean;
  /** The partitions a run of the job is for; null for an unpartitioned job and for the asset job. */
  partitions?: PartitionsSnapshot | null;
}

export interface ScheduleSnapshot {
  name: string;
  cron: string;
  timezone: string;
  jobName: string;
  defaultStatus: DefaultStatus;
  tags: Record<string, string>;
}

export interface SensorSnapshot {
  name: string;
  intervalSeconds: number;
  jobName: string;
  defaultStatus: DefaultStatus;
  onRunStatus: RunStatus[] | null;
  monitoredJobs: string[] | null;
}

export interface DefinitionsSnapshot {
  assets: AssetSnapshot[];
  jobs: JobSnapshot[];
  schedules: ScheduleSnapshot[];
  sensors: SensorSnapshot[];
  resources: string[];
}

export function describeDefinitions(defs: Definitions): DefinitionsSnapshot {
  const jobTargets = [
    ...defs.jobs.map((j) => ({
      name: j.name,
      description: j.description,
      tags: { ...j.tags },
      isAssetJob: false,
      partitions: describePartitionsSnapshot(j.partitions),
    })),
  ];
  if (defs.assets.length > 0) {
    jobTargets.push({
      name: ASSET_JOB_NAME,
      description: "Materializes any selection of the assets.",
      tags: {},
      isAssetJob: true,
      partitions: null,
    });
  }
  return {
    assets: defs.assets.map((a) => ({
      key: a.key,
      group: a.group,
      description: a.description,
      deps: Object.values(a.ins).map((u) => u.key),
      hasRetry: a.retry !== undefined && a.retry.maxRetries > 0,
      stepKey: a.key,
      hasConfig: a.config !== undefined,
      partitions: describePartitionsSnapshot(a.partitions),
      takesPartitionRange: a.backfillPolicy === "singleRun",
    })),
    jobs: jobTargets.map((j) => {
      const plan = buildPlan(defs, { job: j.name });
      return {
        ...j,
        steps: plan.steps.map((s) => ({ key: s.key, kind: s.kind, deps: s.deps })),
        configSchema: runConfigJsonSchema(defs, plan),
        defaultConfig: defaultRunConfig(defs, plan),
        takesConfig: planTakesConfig(defs, plan),
      };
    }),
    schedules: defs.schedules.map((s) => ({
      name: s.name,
      cron: s.cron,
      timezone: s.timezone,
      jobName: s.job.name,
      defaultStatus: s.defaultStatus,
      tags: { ...s.tags },
    })),
    sensors: defs.sensors.map((s) => ({
      name: s.name,
      intervalSeconds: s.intervalSeconds,
      jobName: s.job.name,
      defaultStatus: s.defaultStatus,
      onRunStatus: s.onRunStatus ? [...s.onRunStatus] : null,
      monitoredJobs: s.monitoredJobs ? [...s.monitoredJobs] : null,
    })),
    resources: Object.keys(defs.resources),
  };
}
