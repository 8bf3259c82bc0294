// How the partitions of a downstream asset read the partitions of one of its upstream assets.
import type { PartitionKeysContext, PartitionsDefinition } from "./partitionsDefinition.ts";

export interface PartitionMapping {
  readonly kind: "identity" | "timeWindow" | "allPartitions" | "static" | "dimension";
  /** The upstream keys that one downstream partition reads (downstreamKey null: an unpartitioned downstream). */
  upstreamKeys(
    downstreamKey: string | null,
    downstream: PartitionsDefinition | undefined,
    upstream: PartitionsDefinition,
    ctx?: PartitionKeysContext,
  ): string[];
  /** Why this mapping cannot connect these two definitions, or null. */
  problem(downstream: PartitionsDefinition | undefined, upstream: PartitionsDefinition): string | null;
}
