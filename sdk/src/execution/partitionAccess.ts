// The executor's view of a definition's partitions: which partitions a step or job has, which mapping an input
// reads through (the declared one or the default, as defineDefinitions checked them), and whether an asset takes
// a whole range of partitions in one run.
import { inputPartitionMapping } from "../definitions/partitionChecks.ts";
import type { JobDef, StepDef } from "../definitions/types.ts";
import type { PartitionMapping } from "../partitions/partitionMapping.ts";
import { allPartitions } from "../partitions/partitionMappings.ts";
import type { PartitionsDefinition } from "../partitions/partitionsDefinition.ts";

export { isTimePartitions } from "../partitions/partitionsDefinition.ts";

/** The partitions of an asset, or of a job (its ops run for the job's partition). */
export function partitionsOf(def: StepDef | JobDef | null | undefined): PartitionsDefinition | undefined {
  return def && def.kind !== "op" ? def.partitions : undefined;
}

/** An asset that can materialize a whole range of its partitions in one run ("singleRun" backfill policy). */
export function takesPartitionRange(def: StepDef | JobDef): boolean {
  return def.kind === "asset" && def.backfillPolicy === "singleRun";
}

/** The mapping an input reads its upstream's partitions through (every partition when nothing narrower applies). */
export function effectiveMapping(step: StepDef, inputName: string): PartitionMapping {
  return (step.kind === "asset" ? inputPartitionMapping(step, inputName) : null) ?? allPartitions();
}
