// Time-window mapping: a downstream time window reads the upstream windows that overlap it, after
// shifting it by whole downstream windows (offset -1: today's partition reads yesterday's).
import { DefinitionError } from "../definitions/definitionError.ts";
import { requireDownstreamKey } from "./partitionMappings.ts";
import { DEFAULT_SIDE_NAMES, type PartitionMapping, partitionsKind } from "./partitionMapping.ts";
import { isTimePartitions } from "./partitionsDefinition.ts";

export interface TimeWindowMappingSpec {
  /** Shift of the whole window, in downstream windows (default 0). */
  offset?: number;
  /** Shift of the window's start (default: offset); with endOffset, a range: -6/0 reads the last 7 days. */
  startOffset?: number;
  /** Shift of the window's end (default: offset). */
  endOffset?: number;
}

export function timeWindow(spec: TimeWindowMappingSpec = {}): PartitionMapping {
  const offset = spec.offset ?? 0;
  const startOffset = spec.startOffset ?? offset;
  const endOffset = spec.endOffset ?? offset;
  for (const [name, v] of Object.entries({ offset, startOffset, endOffset })) {
    if (!Number.isInteger(v)) throw new DefinitionError(`timeWindow mapping: ${name} must be an integer, got ${v}`);
  }
  if (startOffset > endOffset) {
    throw new DefinitionError(`timeWindow mapping: startOffset ${startOffset} is after endOffset ${endOffset}`);
  }
  return {
    kind: "timeWindow",
    upstreamKeys(downstreamKey, downstream, upstream) {
      const key = requireDownstreamKey("timeWindow", downstreamKey);
      if (!isTimePartitions(downstream) || !isTimePartitions(upstream)) {
        throw new DefinitionError("timeWindow mapping needs time-partitioned assets on both sides");
      }
      const first = downstream.shiftedWindow(key, startOffset);
      const last = downstream.shiftedWindow(key, endOffset);
      if (!first || !last) return [];
      return upstream.keysOverlapping({ start: first.start, end: last.end });
    },
    problem(downstream, upstream, names = DEFAULT_SIDE_NAMES) {
      if (!isTimePartitions(upstream)) {
        return `timeWindow mapping needs time-partitioned assets on both sides, but ${names.upstream} is ${upstream.kind}`;
      }
      if (!isTimePartitions(downstream)) {
        return `timeWindow mapping needs time-partitioned assets on both sides, but ${names.downstream} is ${partitionsKind(downstream)}`;
      }
      return null;
    },
  };
}
