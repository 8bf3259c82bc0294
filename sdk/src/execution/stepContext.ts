// The context object a step's compute/run function receives.
import type { StepContext, StepLogger } from "../definitions/types.ts";
import type { TimeWindow } from "../partitions/partitionsDefinition.ts";
import type { CaptureSink } from "./consoleCapture.ts";
import { isTimePartitions } from "./partitionAccess.ts";
import type { PartitionKeyRange, StepPartition } from "./runPartition.ts";
import type { RunEvents } from "./runEvents.ts";

/** One per step: ctx.log, plus the console-capture sink. Prototype methods keep per-step allocation small. */
export class StepLog implements StepLogger, CaptureSink {
  closed = false;
  constructor(
    private readonly events: RunEvents,
    private readonly stepKey: string,
  ) {}
  debug(message: string): void {
    this.events.log(this.stepKey, "DEBUG", "logger", String(message));
  }
  info(message: string): void {
    this.events.log(this.stepKey, "INFO", "logger", String(message));
  }
  warning(message: string): void {
    this.events.log(this.stepKey, "WARNING", "logger", String(message));
  }
  error(message: string): void {
    this.events.log(this.stepKey, "ERROR", "logger", String(message));
  }
  write(level: "DEBUG" | "INFO" | "WARNING" | "ERROR", source: "stdout" | "stderr", message: string): void {
    this.events.log(this.stepKey, level, source, message);
  }
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

export class RunStepContext implements StepContext<unknown>, StepPartitionContext {
  constructor(
    readonly runId: string,
    readonly stepKey: string,
    readonly attempt: number,
    private readonly partition: StepPartition,
    readonly config: unknown,
    readonly resources: Record<string, any>,
    readonly log: StepLogger,
    readonly signal: AbortSignal,
    readonly tags: Readonly<Record<string, string>>,
  ) {}

  get hasPartitionKey(): boolean {
    return this.partition.keys.length === 1 && this.partition.range === null;
  }

  get hasPartitionKeyRange(): boolean {
    return this.partition.keys.length > 0;
  }

  get partitionKey(): string {
    if (this.hasPartitionKey) return this.partition.keys[0]!;
    if (this.partition.range)
      throw new Error(
        `step "${this.stepKey}" runs for partition range "${this.partition.range.start}".."${this.partition.range.end}" in run ${this.runId}: read ctx.partitionKeys or ctx.partitionKeyRange, not ctx.partitionKey`,
      );
    throw new Error(this.unpartitioned("partitionKey"));
  }

  get partitionKeys(): string[] {
    if (!this.hasPartitionKeyRange) throw new Error(this.unpartitioned("partitionKeys"));
    return [...this.partition.keys];
  }

  get partitionKeyRange(): PartitionKeyRange {
    if (!this.hasPartitionKeyRange) throw new Error(this.unpartitioned("partitionKeyRange"));
    const keys = this.partition.keys;
    return this.partition.range ?? { start: keys[0]!, end: keys[keys.length - 1]! };
  }

  get partitionTimeWindow(): TimeWindow {
    const def = this.partition.definition;
    if (!this.hasPartitionKeyRange || !def) throw new Error(this.unpartitioned("partitionTimeWindow"));
    if (!isTimePartitions(def))
      throw new Error(
        `step "${this.stepKey}" has ${def.kind} partitions, not time partitions: ctx.partitionTimeWindow exists only for time partitions`,
      );
    const keys = this.partition.keys;
    return { start: def.timeWindow(keys[0]!).start, end: def.timeWindow(keys[keys.length - 1]!).end };
  }

  private unpartitioned(member: string): string {
    return `step "${this.stepKey}" has no partition in run ${this.runId} (the run targets no partition, or the step is not partitioned): ctx.${member} is unavailable; check ctx.hasPartitionKey first`;
  }
}
