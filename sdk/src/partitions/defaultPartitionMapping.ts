// The mapping an input gets when it names none (as Dagster): identity for equal definitions, every
// partition for an unpartitioned downstream, the overlapping windows between two time definitions,
// and the shared dimension between a multi-partitioned asset and a single-dimension one.
import { allPartitions, identity } from "./partitionMappings.ts";
import { dimension } from "./dimensionMapping.ts";
import type { PartitionMapping } from "./partitionMapping.ts";
import { type PartitionsDefinition, isMultiPartitions, isTimePartitions } from "./partitionsDefinition.ts";
import { timeWindow } from "./timeWindowMapping.ts";

/** The default mapping from `upstream` to `downstream`, or null when there is no sensible one. */
export function defaultPartitionMapping(
  downstream: PartitionsDefinition | undefined,
  upstream: PartitionsDefinition,
): PartitionMapping | null {
  if (!downstream) return allPartitions();
  if (downstream.signature === upstream.signature) return identity();
  if (isTimePartitions(downstream) && isTimePartitions(upstream)) return timeWindow();
  const shared = (multi: PartitionsDefinition, single: PartitionsDefinition) =>
    isMultiPartitions(multi) && !isMultiPartitions(single)
      ? Object.keys(multi.dimensions).find((n) => multi.dimensions[n]!.signature === single.signature)
      : undefined;
  const name = shared(downstream, upstream) ?? shared(upstream, downstream);
  return name === undefined ? null : dimension(name);
}
