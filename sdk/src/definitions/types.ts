// The shapes of everything a code location defines. Kept in one file so the define* functions,
// the validator, the planner and the executor agree on them.
import type { z } from "zod";
import type { RunStatus } from "../events.ts";
import type { IOManager } from "../io/ioManager.ts";
import type { RetryPolicy } from "../execution/retryDelay.ts";
import type { PartitionMapping } from "../partitions/partitionMapping.ts";
import type { PartitionKeyRange, PartitionsDefinition, TimeWindow } from "../partitions/partitionsDefinition.ts";

export type ZodSchema = z.ZodType;

/** Value of `ctx.config` for a step whose `config` schema is C (undefined when it has none). */
export type ConfigOf<C> = C extends z.ZodType ? z.output<C> : undefined;

export interface StepLogger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** The partition members of a step's context. */
export interface StepPartitionContext {
  /** The one partition this step materializes; throws when the run has none or is ranged. */
  readonly partitionKey: string;
  /** True when the step materializes exactly one partition. */
  readonly hasPartitionKey: boolean;
  /** True when the step materializes partitions (one or a range). */
  readonly hasPartitionKeyRange: boolean;
  /** Every partition this step materializes, in order ([key] for a one-partition run). */
  readonly partitionKeys: string[];
  /** First and last partition this step materializes (start = end for a one-partition run). */
  readonly partitionKeyRange: PartitionKeyRange;
  /** For time partitions: [start of the first window, end of the last). */
  readonly partitionTimeWindow: TimeWindow;
}

export interface StepContext<C = unknown> extends StepPartitionContext {
  readonly runId: string;
  readonly stepKey: string;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
  readonly config: C;
  /** Resources of the definitions, created once per run. */
  readonly resources: Record<string, any>;
  readonly log: StepLogger;
  /** Fires when the run is terminated. */
  readonly signal: AbortSignal;
  /** Tags of the run. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Phantom field carrying a step's output type, so `ins` can type the inputs of its downstreams. */
declare const outputType: unique symbol;

export interface AssetDef<T = unknown> {
  readonly kind: "asset";
  readonly key: string;
  readonly group: string;
  readonly description: string | null;
  readonly ins: Record<string, AssetDef<unknown>>;
  /** How an input's upstream partitions map to this asset's, for the inputs that name a mapping (others: the default). */
  readonly partitionMappings?: Readonly<Record<string, PartitionMapping>>;
  readonly partitions?: PartitionsDefinition;
  /** "singleRun": one run can materialize a whole range of partitions (compute returns a value per key). */
  readonly backfillPolicy?: "singleRun" | "multiRun";
  readonly config: ZodSchema | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly ioManager: IOManager | undefined;
  readonly compute: (ins: any, ctx: StepContext<any>) => unknown;
  readonly [outputType]?: T;
}

export interface OpDef<T = unknown> {
  readonly kind: "op";
  readonly name: string;
  readonly description: string | null;
  readonly ins: Record<string, OpDef<unknown>>;
  readonly config: ZodSchema | undefined;
  readonly retry: RetryPolicy | undefined;
  readonly run: (ins: any, ctx: StepContext<any>) => unknown;
  readonly [outputType]?: T;
}

/** An asset input with options: the upstream asset and how its partitions map to the downstream's. */
export interface AssetInput<T = unknown> {
  asset: AssetDef<T>;
  partitionMapping?: PartitionMapping;
}

/** The values a compute/run function receives, typed from its `ins`. */
export type InputValues<I> = {
  [K in keyof I]: I[K] extends AssetDef<infer T>
    ? T
    : I[K] extends AssetInput<infer T>
      ? T
      : I[K] extends OpDef<infer T>
        ? T
        : never;
};

export interface JobDef {
  readonly kind: "job";
  readonly name: string;
  readonly description: string | null;
  readonly ops: readonly OpDef<unknown>[];
  readonly assets: readonly AssetDef<unknown>[];
  readonly tags: Readonly<Record<string, string>>;
  readonly ioManager: IOManager | undefined;
  readonly maxConcurrency: number | undefined;
  /** The partitions a run of this job is for (given, or those of its partitioned assets). */
  readonly partitions?: PartitionsDefinition;
}

export interface ResourceDef<R = unknown> {
  readonly kind: "resource";
  readonly config: ZodSchema | undefined;
  create(config: any): Promise<R> | R;
  /** Method syntax keeps ResourceDef<R> assignable to ResourceDef<unknown> (bivariant parameter). */
  teardown?(resource: R): Promise<void> | void;
}

export type DefaultStatus = "RUNNING" | "STOPPED";

export interface ScheduleTick {
  scheduledTime: Date;
}

export interface ScheduleDef {
  readonly kind: "schedule";
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  readonly job: JobDef;
  readonly config: ((tick: ScheduleTick) => unknown) | undefined;
  readonly shouldRun: ((tick: ScheduleTick) => boolean | Promise<boolean>) | undefined;
  readonly defaultStatus: DefaultStatus;
  readonly tags: Readonly<Record<string, string>>;
}

export interface RunRequest {
  runKey?: string;
  config?: unknown;
  tags?: Record<string, string>;
}

export interface SensorResult {
  runRequests?: RunRequest[];
  cursor?: string;
  skipReason?: string;
}

export interface SensorContext {
  cursor: string | null;
  /** Run key of the last run this sensor requested, if any. */
  lastRunKey?: string | null;
  /** When the sensor was last evaluated. */
  lastEvaluatedAt?: Date | null;
  /** For run-status sensors (`onRunStatus`): the run whose status changed. */
  run?: { runId: string; jobName: string; status: RunStatus; tags: Record<string, string> } | null;
}

export interface SensorDef {
  readonly kind: "sensor";
  readonly name: string;
  readonly intervalSeconds: number;
  readonly job: JobDef;
  readonly evaluate: (ctx: SensorContext) => Promise<SensorResult> | SensorResult;
  readonly defaultStatus: DefaultStatus;
  readonly onRunStatus: readonly RunStatus[] | null;
  readonly monitoredJobs: readonly string[] | null;
}

/** A step of a plan: an asset (keyed by asset key) or an op (keyed by op name). */
export type StepDef = AssetDef<unknown> | OpDef<unknown>;

export interface Definitions {
  readonly kind: "definitions";
  readonly assets: readonly AssetDef<unknown>[];
  readonly jobs: readonly JobDef[];
  readonly schedules: readonly ScheduleDef[];
  readonly sensors: readonly SensorDef[];
  readonly resources: Readonly<Record<string, ResourceDef<unknown>>>;
  /** Lookups built once by defineDefinitions. */
  readonly assetsByKey: ReadonlyMap<string, AssetDef<unknown>>;
  readonly jobsByName: ReadonlyMap<string, JobDef>;
}

export type RunTarget = { job: string } | { assets: string[] };
