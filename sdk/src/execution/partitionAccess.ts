// The executor reads the partition fields of definitions only through these accessors, so the place
// where a definition keeps them (its spec's shape) is known in this one file.
import type { AssetDef, JobDef, StepDef } from "../definitions/types.ts";
import type { PartitionMapping, PartitionsDefinition, TimePartitionsDefinition } from "../partitions/partitionsDefinition.ts";

interface PartitionFields {
  partitions?: PartitionsDefinition;
  /** Per input name: how the asset's partitions map to that upstream's partitions. */
  partitionMappings?: Readonly<Record<string, PartitionMapping | undefined>>;
  backfillPolicy?: "singleRun" | "multiRun";
}

const fields = (def: StepDef | JobDef): PartitionFields => def as unknown as PartitionFields;

/** The partitions of an asset, or of a job (its ops run for the job's partition). */
export function partitionsOf(def: StepDef | JobDef | null | undefined): PartitionsDefinition | undefined {
  return def ? fields(def).partitions : undefined;
}

/** The mapping an asset declared for one of its inputs, if any (the caller applies the default). */
export function inputPartitionMapping(asset: AssetDef<unknown>, inputName: string): PartitionMapping | undefined {
  return fields(asset).partitionMappings?.[inputName];
}

/** An asset that can materialize a whole range of its partitions in one run ("singleRun" backfill policy). */
export function takesPartitionRange(asset: StepDef | JobDef): boolean {
  return fields(asset).backfillPolicy === "singleRun";
}

export function isTimePartitions(p: PartitionsDefinition): p is TimePartitionsDefinition {
  return p.kind === "time" && typeof (p as Partial<TimePartitionsDefinition>).timeWindow === "function";
}

// Default mappings (identity between partitioned assets, every partition for an unpartitioned downstream).
const identityMapping: PartitionMapping = {
  upstreamKeys: (downstreamKey, _down, upstream, ctx) =>
    downstreamKey !== null && upstream.has(downstreamKey, ctx) ? [downstreamKey] : [],
  problem: () => null,
};
const allPartitionsMapping: PartitionMapping = {
  upstreamKeys: (_key, _down, upstream, ctx) => upstream.keys(ctx),
  problem: () => null,
};

/** The mapping an input uses: the declared one, else identity (partitioned downstream) or all partitions. */
export function effectiveMapping(asset: StepDef, inputName: string): PartitionMapping {
  const declared = asset.kind === "asset" ? inputPartitionMapping(asset, inputName) : undefined;
  return declared ?? (partitionsOf(asset) ? identityMapping : allPartitionsMapping);
}
