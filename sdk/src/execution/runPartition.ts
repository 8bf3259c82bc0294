// Which partition(s) a run materializes: read from the run's options or its reserved tags, checked
// against every step of the plan before any step runs, and resolved per step.
import type { ExecutionPlan, PlannedStep } from "../plan/executionPlan.ts";
import type { PartitionKeysContext, PartitionsDefinition } from "../partitions/partitionsDefinition.ts";
import { effectiveMapping, partitionsOf, takesPartitionRange } from "./partitionAccess.ts";

/** Reserved run tags the server and the run worker use to pass a run's partition. */
export const PARTITION_TAG = "weir/partition";
export const PARTITION_RANGE_START_TAG = "weir/partition_range_start";
export const PARTITION_RANGE_END_TAG = "weir/partition_range_end";

import type { PartitionKeyRange } from "../partitions/partitionsDefinition.ts";
export type { PartitionKeyRange };

export type PartitionRequest = { kind: "none" } | { kind: "key"; key: string } | { kind: "range"; range: PartitionKeyRange };

/** What one step materializes in this run. */
export interface StepPartition {
  /** The step's partitions (an asset's own, or the job's for an op); undefined: unpartitioned step. */
  definition: PartitionsDefinition | undefined;
  /** The partition keys the step materializes, in order; empty for an unpartitioned step. */
  keys: string[];
  /** Set for a ranged run. */
  range: PartitionKeyRange | null;
}

export class PartitionRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PartitionRunError";
  }
}

export const UNPARTITIONED: StepPartition = Object.freeze({ definition: undefined, keys: [], range: null }) as StepPartition;

/** The partition a run asks for; explicit options win over the run's tags. */
export function partitionRequest(
  runId: string,
  options: { partitionKey?: string | null; partitionKeyRange?: PartitionKeyRange | null; tags?: Record<string, string> },
): PartitionRequest {
  const tags = options.tags ?? {};
  const key = options.partitionKey ?? tags[PARTITION_TAG] ?? null;
  const start = options.partitionKeyRange?.start ?? tags[PARTITION_RANGE_START_TAG];
  const end = options.partitionKeyRange?.end ?? tags[PARTITION_RANGE_END_TAG];
  if ((start === undefined) !== (end === undefined)) {
    const [has, lacks] =
      start === undefined
        ? [PARTITION_RANGE_END_TAG, PARTITION_RANGE_START_TAG]
        : [PARTITION_RANGE_START_TAG, PARTITION_RANGE_END_TAG];
    throw new PartitionRunError(`run ${runId} has a partition range tag "${has}" but no "${lacks}": a range needs both ends`);
  }
  if (start !== undefined && end !== undefined) {
    if (key !== null)
      throw new PartitionRunError(
        `run ${runId} asks for both partition "${key}" and partition range "${start}".."${end}": give one or the other`,
      );
    return { kind: "range", range: { start, end } };
  }
  return key === null ? { kind: "none" } : { kind: "key", key };
}

function stepName(step: PlannedStep): string {
  return step.kind === "asset" ? `asset "${step.key}"` : `op "${step.key}"`;
}

function someKeys(def: PartitionsDefinition, ctx: PartitionKeysContext): string {
  let keys: string[];
  try {
    keys = def.keys(ctx);
  } catch {
    return "";
  }
  if (keys.length === 0) return " (it has no partitions yet)";
  const shown = keys.slice(0, 5).map((k) => `"${k}"`);
  return ` (partitions: ${shown.join(", ")}${keys.length > 5 ? `, ... ${keys.length} in all` : ""})`;
}

/**
 * Checks the request against every step the run executes and says what each step materializes.
 * Throws a PartitionRunError naming the run, the key and the step when the run cannot go ahead.
 */
export function resolveRunPartitions(
  runId: string,
  plan: ExecutionPlan,
  request: PartitionRequest,
  ctx: PartitionKeysContext,
): Map<string, StepPartition> {
  const jobPartitions = partitionsOf(plan.job);
  const partitioned: [PlannedStep, PartitionsDefinition][] = [];
  for (const step of plan.steps) {
    const def = step.kind === "asset" ? partitionsOf(step.def) : jobPartitions;
    if (def) partitioned.push([step, def]);
  }
  const result = new Map<string, StepPartition>();

  if (request.kind === "none") {
    const first = partitioned[0];
    if (first)
      throw new PartitionRunError(
        `run ${runId} has no partition key, but ${stepName(first[0])} is partitioned: give a partition key${someKeys(first[1], ctx)}`,
      );
  } else {
    try {
      resolveRequested(runId, plan, request, ctx, partitioned, result);
    } catch (error) {
      // A definition that cannot list its keys (e.g. dynamic partitions without their keys) says so here.
      if (error instanceof PartitionRunError) throw error;
      const what =
        request.kind === "key"
          ? `partition "${request.key}"`
          : `partition range "${request.range.start}".."${request.range.end}"`;
      throw new PartitionRunError(`run ${runId} targets ${what}, which could not be checked: ${(error as Error).message}`);
    }
  }
  try {
    checkMappings(runId, plan, result);
  } catch (error) {
    if (error instanceof PartitionRunError) throw error;
    throw new PartitionRunError(
      `run ${runId}: could not check the partition mappings of its inputs: ${(error as Error).message}`,
    );
  }
  return result;
}

function resolveRequested(
  runId: string,
  plan: ExecutionPlan,
  request: Exclude<PartitionRequest, { kind: "none" }>,
  ctx: PartitionKeysContext,
  partitioned: [PlannedStep, PartitionsDefinition][],
  result: Map<string, StepPartition>,
): void {
  const jobPartitions = partitionsOf(plan.job);
  const stepList = plan.steps.map((s) => `"${s.key}"`).join(", ");
  const what =
    request.kind === "key" ? `partition "${request.key}"` : `partition range "${request.range.start}".."${request.range.end}"`;
  if (partitioned.length === 0 && !jobPartitions)
    throw new PartitionRunError(`run ${runId} targets ${what}, but none of its steps is partitioned (${stepList})`);
  if (jobPartitions && request.kind === "key" && !jobPartitions.has(request.key, ctx))
    throw new PartitionRunError(
      `run ${runId} targets partition "${request.key}", which is not a partition of job "${plan.jobName}"${someKeys(jobPartitions, ctx)}`,
    );

  for (const [step, def] of partitioned) {
    if (request.kind === "key") {
      if (!def.has(request.key, ctx))
        throw new PartitionRunError(
          `run ${runId} targets partition "${request.key}", which is not a partition of ${stepName(step)}${someKeys(def, ctx)}`,
        );
      result.set(step.key, { definition: def, keys: [request.key], range: null });
      continue;
    }
    const { start, end } = request.range;
    const canTakeRange =
      step.kind === "asset" ? takesPartitionRange(step.def) : plan.job !== null && takesPartitionRange(plan.job);
    if (!canTakeRange)
      throw new PartitionRunError(
        `run ${runId} targets ${what}, but ${stepName(step)} cannot take a range in one run: declare backfillPolicy: "singleRun" on it, or run one partition per run`,
      );
    for (const k of [start, end])
      if (!def.has(k, ctx))
        throw new PartitionRunError(
          `run ${runId} targets ${what}, but "${k}" is not a partition of ${stepName(step)}${someKeys(def, ctx)}`,
        );
    let keys: string[];
    try {
      keys = def.keysInRange(request.range, ctx);
    } catch (error) {
      throw new PartitionRunError(`run ${runId} targets ${what} of ${stepName(step)}: ${(error as Error).message}`);
    }
    if (keys.length === 0)
      throw new PartitionRunError(
        `run ${runId} targets ${what}, which holds no partition of ${stepName(step)} (is the start after the end?)`,
      );
    result.set(step.key, { definition: def, keys, range: request.range });
  }
}

function checkMappings(runId: string, plan: ExecutionPlan, result: Map<string, StepPartition>): void {
  // A mapping that cannot work between two partition sets is refused before the run starts, too.
  for (const step of plan.steps) {
    for (const input of step.inputs) {
      const up = input.upstream.kind === "asset" ? partitionsOf(input.upstream) : undefined;
      if (!up) continue;
      const problem = effectiveMapping(step.def, input.name).problem(result.get(step.key)?.definition, up);
      if (problem)
        throw new PartitionRunError(
          `run ${runId}: ${stepName(step)} cannot read upstream asset "${input.upstreamKey}" (input "${input.name}"): ${problem}`,
        );
    }
  }
}
