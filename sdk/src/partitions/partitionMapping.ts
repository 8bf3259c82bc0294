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
  /** Why this mapping cannot connect these two definitions, or null (`names` name the two assets in the reason). */
  problem(downstream: PartitionsDefinition | undefined, upstream: PartitionsDefinition, names?: MappingSideNames): string | null;
}

export interface MappingSideNames {
  downstream: string;
  upstream: string;
}

export const DEFAULT_SIDE_NAMES: MappingSideNames = { downstream: "the downstream asset", upstream: "the upstream asset" };

/** "static", "time", ..., or "not partitioned", for reasons. */
export function partitionsKind(p: PartitionsDefinition | undefined): string {
  return p ? p.kind : "not partitioned";
}
