// Dimension mapping between a multi-partitioned asset and a single-dimension one: the downstream
// "2024-01-01|eu" reads upstream "2024-01-01" (multi <- single), or the downstream "eu" reads every
// upstream "<date>|eu" (single <- multi).
import { requireDownstreamKey } from "./partitionMappings.ts";
import { DEFAULT_SIDE_NAMES, type PartitionMapping, partitionsKind } from "./partitionMapping.ts";
import { isMultiPartitions } from "./partitionsDefinition.ts";

export function dimension(name: string): PartitionMapping {
  return {
    kind: "dimension",
    upstreamKeys(downstreamKey, downstream, upstream, ctx) {
      const key = requireDownstreamKey("dimension", downstreamKey);
      if (isMultiPartitions(downstream)) {
        const part = downstream.split(key)[name]!;
        return upstream.has(part, ctx) ? [part] : [];
      }
      if (isMultiPartitions(upstream)) return upstream.keys(ctx).filter((k) => upstream.split(k)[name] === key);
      return [];
    },
    problem(downstream, upstream, names = DEFAULT_SIDE_NAMES) {
      if (!downstream) return `dimension mapping needs a partitioned downstream, but ${names.downstream} is not partitioned`;
      const downMulti = isMultiPartitions(downstream);
      const upMulti = isMultiPartitions(upstream);
      if (downMulti === upMulti) {
        return `dimension mapping connects a multi-partitioned asset with a single-dimension one, but ${names.downstream} is ${partitionsKind(downstream)} and ${names.upstream} is ${upstream.kind}`;
      }
      const [multi, multiName, single, singleName] = downMulti
        ? [downstream, names.downstream, upstream, names.upstream]
        : [upstream, names.upstream, downstream, names.downstream];
      if (!isMultiPartitions(multi)) return null;
      const dim = multi.dimensions[name];
      if (!dim)
        return `dimension mapping: ${multiName} has no dimension "${name}" (it has ${Object.keys(multi.dimensions).join(", ")})`;
      if (dim.signature !== single.signature) {
        return `dimension mapping: dimension "${name}" of ${multiName} differs from the partitions of ${singleName}`;
      }
      return null;
    },
  };
}
