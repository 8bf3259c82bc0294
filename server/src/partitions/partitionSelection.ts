// Checks the partition a launch asks for against the targets' partitions before any run is stored, and turns
// it into what the run carries: the reserved partition tags and Run.partitionKey.
import {
  PARTITION_RANGE_END_TAG,
  PARTITION_RANGE_START_TAG,
  PARTITION_TAG,
  type PartitionKeyRange,
  type PartitionsDefinition,
  type PartitionsSnapshot,
} from "@weir/sdk";
import { InvalidPartitionSelectionError, PartitionNotFoundError } from "../errors.ts";
import { hasDynamicPartitions, partitionsFromSnapshot } from "./snapshotPartitions.ts";

export interface PartitionSelection {
  partitionKey?: string | null;
  partitionKeyRange?: PartitionKeyRange | null;
}

/** One thing a run materializes with its partitions: a job (its ops) or an asset. */
export interface PartitionTarget {
  /** `job "name"` or `asset "key"`, as errors name it. */
  name: string;
  partitions: PartitionsSnapshot | null | undefined;
  /** Whether one run may materialize a range of its partitions. */
  takesRange: boolean;
}

export interface ResolvedPartition {
  partitionKey: string | null;
  tags: Record<string, string>;
}

const NONE: ResolvedPartition = Object.freeze({ partitionKey: null, tags: {} }) as ResolvedPartition;

function someKeys(def: PartitionsDefinition, now: Date): string {
  const keys = def.keys({ now });
  if (keys.length === 0) return " (it has no partitions yet)";
  const shown = keys.slice(0, 5).map((k) => `"${k}"`);
  return ` (partitions: ${shown.join(", ")}${keys.length > 5 ? `, ... ${keys.length} in all` : ""})`;
}

/** Throws PartitionNotFoundError or InvalidPartitionSelectionError when the targets cannot take the selection. */
export function resolvePartitionSelection(
  what: string,
  targets: PartitionTarget[],
  selection: PartitionSelection,
  now: Date = new Date(),
): ResolvedPartition {
  const key = selection.partitionKey ?? null;
  const range = selection.partitionKeyRange ?? null;
  if (key === null && range === null) return NONE;
  if (key !== null && range !== null)
    throw new InvalidPartitionSelectionError(
      `${what}: give a partition key or a partition range, not both ("${key}" and "${range.start}".."${range.end}")`,
    );
  const asked = key !== null ? `partition "${key}"` : `partition range "${range!.start}".."${range!.end}"`;
  const partitioned = targets.filter((t): t is PartitionTarget & { partitions: PartitionsSnapshot } => !!t.partitions);
  if (partitioned.length === 0)
    throw new InvalidPartitionSelectionError(
      `${what} asks for ${asked}, but ${targets.map((t) => t.name).join(", ")} ${targets.length > 1 ? "are" : "is"} not partitioned`,
    );
  for (const target of partitioned) {
    if (hasDynamicPartitions(target.partitions))
      throw new InvalidPartitionSelectionError(
        `${what} asks for ${asked} of ${target.name}: dynamic partitions are not supported by the server yet`,
      );
    const def = partitionsFromSnapshot(target.partitions);
    if (key !== null) {
      if (!def.has(key, { now })) throw new PartitionNotFoundError(key, target.name, someKeys(def, now));
      continue;
    }
    if (!target.takesRange)
      throw new InvalidPartitionSelectionError(
        `${what} asks for ${asked}, but ${target.name} cannot take a range in one run: declare backfillPolicy: "singleRun" on it, or launch one partition per run`,
      );
    for (const end of [range!.start, range!.end])
      if (!def.has(end, { now })) throw new PartitionNotFoundError(end, target.name, someKeys(def, now));
    let keys: string[];
    try {
      keys = def.keysInRange(range!, { now });
    } catch (error) {
      throw new InvalidPartitionSelectionError(`${what} asks for ${asked} of ${target.name}: ${(error as Error).message}`);
    }
    if (keys.length === 0)
      throw new InvalidPartitionSelectionError(`${what} asks for ${asked}, which holds no partition of ${target.name}`);
  }
  if (key !== null) return { partitionKey: key, tags: { [PARTITION_TAG]: key } };
  return { partitionKey: null, tags: { [PARTITION_RANGE_START_TAG]: range!.start, [PARTITION_RANGE_END_TAG]: range!.end } };
}
