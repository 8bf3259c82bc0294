// The context object a step's compute/run function receives.
import type { StepContext, StepLogger } from "../definitions/types.ts";
import type { TimeWindow } from "../partitions/partitionsDefinition.ts";
import type { CaptureSink } from "./consoleCapture.ts";
import { isTimePartitions } from "./partitionAccess.ts";
import type { PartitionKeyRange } from "../partitions/partitionsDefinition.ts";
import type { StepPartition } from "./runPartition.ts";
import type { StepPartitionContext } from "../definitions/types.ts";
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
