// `--partition KEY` and `--partition-range START..END` of `weir runs launch` and `weir assets materialize`.
import type { Run } from "@weir/client";
import { UsageError } from "./remoteContext.ts";

export const PARTITION_FLAGS = {
  partition: { type: "string" },
  "partition-range": { type: "string" },
} as const;

export interface PartitionOptions {
  partitionKey?: string;
  partitionKeyRange?: { start: string; end: string };
}

export function partitionOptions(values: { partition?: string; "partition-range"?: string }): PartitionOptions {
  const key = values.partition;
  const range = values["partition-range"];
  if (key !== undefined && range !== undefined) throw new UsageError("give --partition or --partition-range, not both");
  if (range === undefined) return key === undefined ? {} : { partitionKey: key };
  const parts = range.split("..");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new UsageError(`--partition-range must be START..END (e.g. 2024-01-01..2024-01-31), got "${range}"`);
  return { partitionKeyRange: { start: parts[0], end: parts[1] } };
}

/** " for partition K" / " for partitions A..B" / "" : what a launch line says about the run's partition. */
export function partitionSuffix(run: Pick<Run, "partitionKey" | "tags">): string {
  if (run.partitionKey) return ` for partition ${run.partitionKey}`;
  const tag = (key: string) => run.tags.find((t) => t.key === key)?.value;
  const start = tag("weir/partition_range_start");
  const end = tag("weir/partition_range_end");
  return start && end ? ` for partitions ${start}..${end}` : "";
}
