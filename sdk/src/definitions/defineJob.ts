import type { IOManager } from "../io/ioManager.ts";
import { DefinitionError } from "./definitionError.ts";
import { checkName } from "./keys.ts";
import type { PartitionsDefinition } from "../partitions/partitionsDefinition.ts";
import type { AssetDef, JobDef, OpDef } from "./types.ts";

export interface JobSpec {
  name: string;
  description?: string;
  ops?: OpDef<any>[];
  /** An asset job: its steps are these assets (upstreams not listed are loaded from storage). */
  assets?: AssetDef<any>[];
  tags?: Record<string, string>;
  /** IO manager for this job's steps (an asset's own ioManager wins). */
  ioManager?: IOManager;
  /** Steps run at once at most (default 8). */
  maxConcurrency?: number;
  /** The partitions a run is for; an asset job defaults to the partitions of its assets (which must agree). */
  partitions?: PartitionsDefinition;
}

export function defineJob(spec: JobSpec): JobDef {
  const name = checkName("job", spec.name);
  if (spec.maxConcurrency !== undefined && !(Number.isInteger(spec.maxConcurrency) && spec.maxConcurrency >= 1)) {
    throw new DefinitionError(`job "${name}": maxConcurrency must be an integer >= 1, got ${spec.maxConcurrency}`);
  }
  return {
    kind: "job",
    name,
    description: spec.description ?? null,
    ops: [...(spec.ops ?? [])],
    assets: [...(spec.assets ?? [])],
    tags: { ...(spec.tags ?? {}) },
    ioManager: spec.ioManager,
    maxConcurrency: spec.maxConcurrency,
    partitions: spec.partitions ?? spec.assets?.find((a) => a.partitions)?.partitions,
  };
}
