// Turns a target (a job, or a set of assets) into the ordered steps the executor runs.
import type { IOManager } from "../io/ioManager.ts";
import type { Definitions, JobDef, RunTarget, StepDef } from "../definitions/types.ts";
import { formatCycle, topologicalOrder } from "../definitions/graph.ts";

/** The implicit job over every asset of the definitions (like Dagster's __ASSET_JOB). */
export const ASSET_JOB_NAME = "__ASSET_JOB";

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

export interface StepInput {
  name: string;
  upstreamKey: string;
  upstream: StepDef;
  /** False when the upstream is not run by this plan: its value is loaded through the IO manager. */
  inPlan: boolean;
}

export interface PlannedStep {
  key: string;
  kind: "asset" | "op";
  def: StepDef;
  inputs: StepInput[];
  /** Upstream keys run by this plan (unique). */
  deps: string[];
  /** The step's own IO manager choice (asset's, else job's); undefined = run default. */
  ioManager: IOManager | undefined;
}

export interface ExecutionPlan {
  /** Job name, ASSET_JOB_NAME for asset targets. */
  jobName: string;
  job: JobDef | null;
  /** Every step of the target, topologically ordered (the run-config schema covers them all). */
  allSteps: PlannedStep[];
  /** The steps this run executes (allSteps filtered by the step selection), topologically ordered. */
  steps: PlannedStep[];
}

export interface StepPlanNode {
  key: string;
  kind: "asset" | "op";
  deps: string[];
}

export function stepKeyOf(def: StepDef): string {
  return def.kind === "asset" ? def.key : def.name;
}

function targetSteps(defs: Definitions, target: RunTarget): { jobName: string; job: JobDef | null; defs: StepDef[] } {
  if ("job" in target) {
    if (target.job === ASSET_JOB_NAME) return { jobName: ASSET_JOB_NAME, job: null, defs: [...defs.assets] };
    const job = defs.jobsByName.get(target.job);
    if (!job)
      throw new TargetError(`job "${target.job}" is not defined (jobs: ${[...defs.jobsByName.keys()].join(", ") || "none"})`);
    // Steps resolve by key against the definitions, so a job listing an asset object uses the registered one.
    const assets = job.assets.map((a) => defs.assetsByKey.get(a.key) ?? a);
    return { jobName: job.name, job, defs: [...job.ops, ...assets] };
  }
  if (!Array.isArray(target.assets) || target.assets.length === 0)
    throw new TargetError("an asset target needs at least one asset key");
  const out: StepDef[] = [];
  for (const key of new Set(target.assets)) {
    const asset = defs.assetsByKey.get(key);
    if (!asset) throw new TargetError(`asset "${key}" is not defined`);
    out.push(asset);
  }
  return { jobName: ASSET_JOB_NAME, job: null, defs: out };
}

export function buildPlan(defs: Definitions, target: RunTarget, stepSelection?: readonly string[] | null): ExecutionPlan {
  const { jobName, job, defs: stepDefs } = targetSteps(defs, target);
  const byKey = new Map<string, StepDef>();
  for (const d of stepDefs) byKey.set(stepKeyOf(d), d);
  const depMap = new Map<string, string[]>();
  for (const [key, d] of byKey) {
    const ups = new Set<string>();
    for (const up of Object.values(d.ins) as StepDef[]) {
      const k = stepKeyOf(up);
      if (byKey.has(k)) ups.add(k);
    }
    depMap.set(key, [...ups]);
  }
  const topo = topologicalOrder([...byKey.keys()], depMap);
  if ("cycle" in topo) throw new TargetError(`dependency cycle in ${jobName}: ${formatCycle(topo.cycle)}`);

  let selected: Set<string> | null = null;
  if (stepSelection) {
    selected = new Set(stepSelection);
    for (const k of selected)
      if (!byKey.has(k)) throw new TargetError(`step selection names "${k}", which is not a step of ${jobName}`);
  }

  const allSteps: PlannedStep[] = [];
  const steps: PlannedStep[] = [];
  for (const key of topo.order) {
    const def = byKey.get(key)!;
    const inPlan = (k: string) => byKey.has(k) && (selected === null || selected.has(k));
    const inputs: StepInput[] = Object.entries(def.ins as Record<string, StepDef>).map(([name, up]) => {
      const upstreamKey = stepKeyOf(up);
      // An asset input resolves to the registered asset of that key (the one whose IO manager stored it).
      const upstream = up.kind === "asset" ? (defs.assetsByKey.get(upstreamKey) ?? up) : up;
      return { name, upstreamKey, upstream, inPlan: inPlan(upstreamKey) };
    });
    const step: PlannedStep = {
      key,
      kind: def.kind,
      def,
      inputs,
      deps: depMap.get(key)!.filter(inPlan),
      ioManager: (def.kind === "asset" ? def.ioManager : undefined) ?? job?.ioManager,
    };
    allSteps.push(step);
    if (selected === null || selected.has(key)) steps.push(step);
  }
  return { jobName, job, allSteps, steps };
}

/** The steps a target runs, topologically ordered, with their in-plan dependencies. */
export function planSteps(defs: Definitions, target: RunTarget, stepSelection?: readonly string[] | null): StepPlanNode[] {
  return buildPlan(defs, target, stepSelection).steps.map((s) => ({ key: s.key, kind: s.kind, deps: s.deps }));
}
