// Gathers a code location's definitions and checks that they can work together; every problem found
// is reported at once in one DefinitionError, naming the keys involved.
import { DefinitionError } from "./definitionError.ts";
import { configDefaultProblems } from "./configDefaults.ts";
import { formatCycle, topologicalOrder } from "./graph.ts";
import { checkName } from "./keys.ts";
import { partitionProblems } from "./partitionChecks.ts";
import type { AssetDef, Definitions, JobDef, OpDef, ResourceDef, ScheduleDef, SensorDef, ZodSchema } from "./types.ts";

export interface DefinitionsSpec {
  assets?: AssetDef<any>[];
  jobs?: JobDef[];
  schedules?: ScheduleDef[];
  sensors?: SensorDef[];
  resources?: Record<string, ResourceDef<any>>;
}

const RESERVED_JOB_NAME = "__ASSET_JOB";

function uniqueByIdentity<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function checkConfig(problems: string[], what: string, schema: ZodSchema | undefined): void {
  if (!schema) return;
  for (const p of configDefaultProblems(schema)) problems.push(`${what}: config ${p}`);
}

export function defineDefinitions(spec: DefinitionsSpec): Definitions {
  const problems: string[] = [];
  const assets = uniqueByIdentity(spec.assets ?? []);
  const jobs = uniqueByIdentity(spec.jobs ?? []);
  const schedules = uniqueByIdentity(spec.schedules ?? []);
  const sensors = uniqueByIdentity(spec.sensors ?? []);
  const resources = { ...(spec.resources ?? {}) };

  // Assets: unique keys, inputs defined, no cycle.
  const assetsByKey = new Map<string, AssetDef<unknown>>();
  for (const a of assets) {
    if (assetsByKey.has(a.key)) problems.push(`duplicate asset key "${a.key}"`);
    else assetsByKey.set(a.key, a);
  }
  const assetDeps = new Map<string, string[]>();
  for (const a of assetsByKey.values()) {
    const ups: string[] = [];
    for (const [input, up] of Object.entries(a.ins)) {
      if (up?.kind !== "asset") problems.push(`asset "${a.key}": input "${input}" is not an asset`);
      else if (!assetsByKey.has(up.key))
        problems.push(
          `asset "${a.key}" depends on asset "${up.key}" (input "${input}"), which is not in the definitions' assets`,
        );
      else ups.push(up.key);
    }
    assetDeps.set(a.key, ups);
    checkConfig(problems, `asset "${a.key}"`, a.config);
  }
  const assetTopo = topologicalOrder([...assetsByKey.keys()], assetDeps);
  if ("cycle" in assetTopo) problems.push(`asset dependency cycle: ${formatCycle(assetTopo.cycle)}`);

  // Jobs: unique names, ops unique across the definitions, op inputs within the job, no cycle.
  const jobsByName = new Map<string, JobDef>();
  const opsByName = new Map<string, OpDef<unknown>>();
  for (const job of jobs) {
    if (job.name === RESERVED_JOB_NAME) problems.push(`job name "${RESERVED_JOB_NAME}" is reserved for the implicit asset job`);
    if (jobsByName.has(job.name)) {
      problems.push(`duplicate job name "${job.name}"`);
      continue;
    }
    jobsByName.set(job.name, job);
    if (job.ops.length === 0 && job.assets.length === 0) problems.push(`job "${job.name}" has no ops and no assets`);
    const jobOps = new Map<string, OpDef<unknown>>();
    for (const op of uniqueByIdentity(job.ops)) {
      const known = opsByName.get(op.name);
      if (known && known !== op)
        problems.push(`duplicate op name "${op.name}" (two different ops share it; found in job "${job.name}")`);
      else if (!known) {
        opsByName.set(op.name, op);
        checkConfig(problems, `op "${op.name}"`, op.config);
      }
      if (jobOps.has(op.name) && jobOps.get(op.name) !== op) problems.push(`job "${job.name}" lists two ops named "${op.name}"`);
      jobOps.set(op.name, op);
      if (assetsByKey.has(op.name) && job.assets.some((a) => a.key === op.name)) {
        problems.push(`job "${job.name}": op "${op.name}" has the same key as one of its assets`);
      }
    }
    const opDeps = new Map<string, string[]>();
    for (const op of jobOps.values()) {
      const ups: string[] = [];
      for (const [input, up] of Object.entries(op.ins)) {
        if (up?.kind !== "op") problems.push(`op "${op.name}": input "${input}" is not an op`);
        else if (!jobOps.has(up.name))
          problems.push(
            `job "${job.name}": op "${op.name}" depends on op "${up.name}" (input "${input}"), which is not in the job`,
          );
        else ups.push(up.name);
      }
      opDeps.set(op.name, ups);
    }
    const opTopo = topologicalOrder([...jobOps.keys()], opDeps);
    if ("cycle" in opTopo) problems.push(`job "${job.name}": op dependency cycle: ${formatCycle(opTopo.cycle)}`);
    for (const a of job.assets) {
      if (!assetsByKey.has(a.key))
        problems.push(`job "${job.name}" lists asset "${a.key}", which is not in the definitions' assets`);
    }
  }

  problems.push(...partitionProblems([...assetsByKey.values()], [...jobsByName.values()]));

  // Schedules and sensors: unique names, targeting a job of these definitions.
  const checkTargets = (kind: string, items: readonly (ScheduleDef | SensorDef)[]) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.name)) problems.push(`duplicate ${kind} name "${item.name}"`);
      seen.add(item.name);
      const job = item.job;
      if (!job || !jobsByName.has(job.name) || jobsByName.get(job.name) !== job) {
        problems.push(`${kind} "${item.name}" targets job "${job?.name}", which is not in the definitions' jobs`);
      }
    }
  };
  checkTargets("schedule", schedules);
  checkTargets("sensor", sensors);
  for (const s of sensors) {
    for (const name of s.monitoredJobs ?? []) {
      if (!jobsByName.has(name))
        problems.push(`sensor "${s.name}" monitors job "${name}", which is not in the definitions' jobs`);
    }
  }

  for (const [name, r] of Object.entries(resources)) {
    try {
      checkName("resource", name);
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (r?.kind !== "resource") problems.push(`resource "${name}" is not made with defineResource`);
    else checkConfig(problems, `resource "${name}"`, r.config);
  }

  if (problems.length === 1) throw new DefinitionError(problems[0]!, problems);
  if (problems.length > 1) throw new DefinitionError(`invalid definitions:\n- ${problems.join("\n- ")}`, problems);

  return Object.freeze({
    kind: "definitions" as const,
    assets,
    jobs,
    schedules,
    sensors,
    resources,
    assetsByKey,
    jobsByName,
  });
}

/** For loaders checking a module's default export. Structural, so two copies of the SDK agree. */
export function isDefinitions(x: unknown): x is Definitions {
  if (typeof x !== "object" || x === null) return false;
  const d = x as Partial<Definitions>;
  return (
    d.kind === "definitions" &&
    Array.isArray(d.assets) &&
    Array.isArray(d.jobs) &&
    d.assetsByKey instanceof Map &&
    d.jobsByName instanceof Map
  );
}
