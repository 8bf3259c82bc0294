// Load-time checks of partitions: each definition is well formed, each asset input's partition mapping
// can connect the two assets, a job's assets share one partitions definition, and dynamic partition
// set names do not clash.
import { defaultPartitionMapping } from "../partitions/defaultPartitionMapping.ts";
import { describePartitions } from "../partitions/describePartitions.ts";
import type { PartitionMapping } from "../partitions/partitionMapping.ts";
import type { PartitionsDefinition } from "../partitions/partitionsDefinition.ts";
import { DefinitionError } from "./definitionError.ts";
import type { AssetDef, JobDef } from "./types.ts";

function isPartitionsDefinition(p: unknown): p is PartitionsDefinition {
  return typeof p === "object" && p !== null && typeof (p as PartitionsDefinition).keys === "function" && "signature" in p;
}

function definitionProblems(owner: string, p: unknown): string[] {
  if (p === undefined) return [];
  if (!isPartitionsDefinition(p)) {
    return [`${owner}: partitions is not a partitions definition (use dailyPartitions, staticPartitions, dynamicPartitions...)`];
  }
  return p.problems.map((problem) => `${owner}: ${problem}`);
}

/** The dynamic partition sets a definition uses, including inside a multi. */
function dynamicNames(p: PartitionsDefinition | undefined): string[] {
  if (!isPartitionsDefinition(p)) return [];
  if (p.kind === "dynamic") return [(p as PartitionsDefinition & { name: string }).name];
  if (p.kind === "multi")
    return Object.values((p as PartitionsDefinition & { dimensions: Record<string, PartitionsDefinition> }).dimensions).flatMap(
      dynamicNames,
    );
  return [];
}

/**
 * The mapping an input of `asset` uses: the one it names, or the default; null when the upstream is not
 * partitioned (nothing to map). Throws DefinitionError when there is none, or it cannot connect the two.
 */
export function inputPartitionMapping(asset: AssetDef<unknown>, input: string): PartitionMapping | null {
  const problem = inputMappingProblem(asset, input);
  if (problem) throw new DefinitionError(problem);
  const upstream = asset.ins[input]?.partitions;
  if (!upstream) return null;
  return asset.partitionMappings?.[input] ?? defaultPartitionMapping(asset.partitions, upstream);
}

function inputMappingProblem(asset: AssetDef<unknown>, input: string): string | null {
  const up = asset.ins[input];
  if (up?.kind !== "asset") return null; // reported by defineDefinitions as an input that is not an asset
  const where = `asset "${asset.key}": input "${input}" (asset "${up.key}")`;
  const mapping = asset.partitionMappings?.[input];
  const upstream = up.partitions;
  if (!isPartitionsDefinition(upstream) || (asset.partitions !== undefined && !isPartitionsDefinition(asset.partitions))) {
    return mapping && upstream === undefined
      ? `${where}: has a partitionMapping (${mapping.kind}), but "${up.key}" is not partitioned`
      : null;
  }
  const names = { downstream: `"${asset.key}"`, upstream: `"${up.key}"` };
  const chosen = mapping ?? defaultPartitionMapping(asset.partitions, upstream);
  if (!chosen) {
    return `${where}: no default partition mapping from ${describePartitions(upstream)} to ${describePartitions(asset.partitions)}; give the input a partitionMapping (e.g. ins: { ${input}: { asset, partitionMapping: allPartitions() } })`;
  }
  const problem = chosen.problem(asset.partitions, upstream, names);
  return problem ? `${where}: ${problem}` : null;
}

export function partitionProblems(assets: readonly AssetDef<unknown>[], jobs: readonly JobDef[]): string[] {
  const problems: string[] = [];
  const dynamicByLowerName = new Map<string, Set<string>>();
  const noteDynamic = (p: PartitionsDefinition | undefined) => {
    for (const name of dynamicNames(p)) {
      const lower = name.toLowerCase();
      if (!dynamicByLowerName.has(lower)) dynamicByLowerName.set(lower, new Set());
      dynamicByLowerName.get(lower)!.add(name);
    }
  };

  for (const asset of assets) {
    problems.push(...definitionProblems(`asset "${asset.key}"`, asset.partitions));
    noteDynamic(asset.partitions);
    for (const input of Object.keys(asset.ins)) {
      const problem = inputMappingProblem(asset, input);
      if (problem) problems.push(problem);
    }
  }

  for (const job of jobs) {
    const partitioned = job.assets.filter((a) => isPartitionsDefinition(a.partitions));
    const signatures = new Set(partitioned.map((a) => a.partitions!.signature));
    if (signatures.size > 1) {
      problems.push(
        `job "${job.name}": its assets have different partitions (${partitioned
          .map((a) => `"${a.key}": ${describePartitions(a.partitions)}`)
          .join("; ")}); a job's assets must share one partitions definition`,
      );
    } else if (isPartitionsDefinition(job.partitions) && signatures.size === 1 && !signatures.has(job.partitions.signature)) {
      problems.push(
        `job "${job.name}": its partitions (${describePartitions(job.partitions)}) differ from those of its assets (${describePartitions(partitioned[0]!.partitions)})`,
      );
    }
    if (!partitioned.some((a) => a.partitions === job.partitions)) {
      problems.push(...definitionProblems(`job "${job.name}"`, job.partitions));
    }
    noteDynamic(job.partitions);
  }

  for (const names of dynamicByLowerName.values()) {
    if (names.size > 1) {
      problems.push(
        `dynamic partitions ${[...names].map((n) => `"${n}"`).join(" and ")} clash: their names differ only in letter case`,
      );
    }
  }
  return problems;
}
