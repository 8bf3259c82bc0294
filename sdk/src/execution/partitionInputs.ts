// Which upstream partitions a step's input reads, and whether the step receives one value or a map
// keyed by partition key.
import type { PlannedStep, StepInput } from "../plan/executionPlan.ts";
import type { PartitionKeysContext } from "../partitions/partitionsDefinition.ts";
import { effectiveMapping, partitionsOf } from "./partitionAccess.ts";
import type { StepPartition } from "./runPartition.ts";

export interface InputPartitions {
  /** Upstream partition keys to load, in order; null when the upstream is not partitioned. */
  keys: string[] | null;
  /** True: the input arrives as Record<partitionKey, value>; false: as the one value. */
  asMap: boolean;
}

const UNPARTITIONED_INPUT: InputPartitions = { keys: null, asMap: false };

/**
 * One value when a single-partition step maps to exactly one upstream partition (identity, an offset);
 * a map otherwise: an unpartitioned downstream (all partitions), a ranged run, or a mapping to several.
 */
export function inputPartitions(
  step: PlannedStep,
  input: StepInput,
  partition: StepPartition,
  ctx: PartitionKeysContext,
): InputPartitions {
  const upstream = input.upstream.kind === "asset" ? partitionsOf(input.upstream) : undefined;
  if (!upstream) return UNPARTITIONED_INPUT;
  const mapping = effectiveMapping(step.def, input.name);
  if (partition.keys.length === 0) return { keys: mapping.upstreamKeys(null, undefined, upstream, ctx), asMap: true };
  const keys = new Set<string>();
  for (const k of partition.keys) for (const u of mapping.upstreamKeys(k, partition.definition, upstream, ctx)) keys.add(u);
  if (partition.range === null && keys.size === 0)
    throw new Error(
      `partition "${partition.keys[0]}" of "${step.key}" maps to no partition of upstream asset "${input.upstreamKey}" (input "${input.name}")`,
    );
  return { keys: [...keys], asMap: partition.range !== null || keys.size !== 1 };
}
