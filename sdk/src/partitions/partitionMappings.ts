// The simple partition mappings: identity (same key on both sides), allPartitions (every upstream
// key) and staticMapping (an explicit table from downstream keys to upstream keys).
import { DefinitionError } from "../definitions/definitionError.ts";
import { DEFAULT_SIDE_NAMES, type PartitionMapping, partitionsKind } from "./partitionMapping.ts";
import { PartitionKeyError } from "./partitionsDefinition.ts";

export function requireDownstreamKey(kind: string, key: string | null): string {
  if (key === null) throw new PartitionKeyError(`${kind} mapping needs a downstream partition key`);
  return key;
}

/** Downstream partition K reads upstream partition K (when the upstream has it). */
export function identity(): PartitionMapping {
  return {
    kind: "identity",
    upstreamKeys(downstreamKey, _downstream, upstream, ctx) {
      const key = requireDownstreamKey("identity", downstreamKey);
      return upstream.has(key, ctx) ? [key] : [];
    },
    problem(downstream, upstream, names = DEFAULT_SIDE_NAMES) {
      if (!downstream) return `identity mapping needs a partitioned downstream, but ${names.downstream} is not partitioned`;
      if (downstream.kind !== upstream.kind) {
        return `identity mapping needs the same kind of partitions on both sides, but ${names.downstream} is ${downstream.kind} and ${names.upstream} is ${upstream.kind}`;
      }
      return null;
    },
  };
}

/** Every partition (or the unpartitioned downstream) reads every upstream partition. */
export function allPartitions(): PartitionMapping {
  return {
    kind: "allPartitions",
    upstreamKeys: (_key, _downstream, upstream, ctx) => upstream.keys(ctx),
    problem: () => null,
  };
}

/** An explicit table: downstream key -> the upstream key(s) it reads. Downstream keys not listed read nothing. */
export function staticMapping(table: Record<string, string | readonly string[]>): PartitionMapping {
  if (typeof table !== "object" || table === null)
    throw new DefinitionError("staticMapping takes an object of downstream key -> upstream keys");
  const upstreamOf = new Map<string, string[]>(
    Object.entries(table).map(([down, ups]) => [down, typeof ups === "string" ? [ups] : [...ups]]),
  );
  return {
    kind: "static",
    upstreamKeys(downstreamKey, _downstream, upstream, ctx) {
      const key = requireDownstreamKey("static", downstreamKey);
      return (upstreamOf.get(key) ?? []).filter((k) => upstream.has(k, ctx));
    },
    problem(downstream, upstream, names = DEFAULT_SIDE_NAMES) {
      for (const [side, p] of [
        [names.downstream, downstream],
        [names.upstream, upstream],
      ] as const) {
        if (p?.kind !== "static")
          return `static mapping needs static partitions on both sides, but ${side} is ${partitionsKind(p)}`;
      }
      for (const [down, ups] of upstreamOf) {
        if (!downstream!.has(down)) return `static mapping maps key "${down}", which ${names.downstream} does not have`;
        const missing = ups.find((k) => !upstream.has(k));
        if (missing !== undefined)
          return `static mapping maps "${down}" to key "${missing}", which ${names.upstream} does not have`;
      }
      return null;
    },
  };
}
