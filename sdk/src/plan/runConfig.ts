// The run-config schema of a target: { ops: { [stepKey]: stepConfig }, resources?: { [name]: config } },
// built from the zod schemas of its steps and of the definitions' resources.
import { z } from "zod";
import type { Definitions, RunTarget } from "../definitions/types.ts";
import { buildPlan, type ExecutionPlan } from "./executionPlan.ts";

export interface ConfigViolation {
  path: string;
  message: string;
}

export type ConfigValidation = { ok: true; value: RunConfig } | { ok: false; violations: ConfigViolation[] };

export interface RunConfig {
  ops: Record<string, unknown>;
  resources: Record<string, unknown>;
}

/**
 * A step's (or resource's) config may be left out when its schema accepts absence, or accepts `{}`
 * (an object whose fields all have defaults), like Dagster. prefault (not default) so inner defaults apply.
 */
function omittable(schema: z.ZodType): z.ZodType {
  if (schema.safeParse(undefined).success) return schema;
  return schema.safeParse({}).success ? schema.prefault({} as never) : schema;
}

/** Always prefaulted to {}: a missing section reports its missing fields ("ops.fetch"), not "ops". */
function section(fields: Record<string, z.ZodType>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(fields)) shape[k] = omittable(v);
  return z.strictObject(shape).prefault({} as never);
}

const schemaCache = new WeakMap<Definitions, Map<string, z.ZodType>>();

export function runConfigSchema(defs: Definitions, plan: ExecutionPlan): z.ZodType {
  // Cached per job: asset targets vary by selection, so they are keyed by their step list.
  const cacheKey = `${plan.jobName}\0${plan.allSteps.map((s) => s.key).join("\0")}`;
  let cache = schemaCache.get(defs);
  if (!cache) schemaCache.set(defs, (cache = new Map()));
  const hit = cache.get(cacheKey);
  if (hit) return hit;

  const ops: Record<string, z.ZodType> = {};
  for (const step of plan.allSteps) if (step.def.config) ops[step.key] = step.def.config;
  const resources: Record<string, z.ZodType> = {};
  for (const [name, r] of Object.entries(defs.resources)) if (r.config) resources[name] = r.config;
  const schema = schemaOf(ops, resources);
  cache.set(cacheKey, schema);
  return schema;
}

function schemaOf(ops: Record<string, z.ZodType>, resources: Record<string, z.ZodType>): z.ZodType {
  return z.strictObject({ ops: section(ops), resources: section(resources) }).prefault({} as never);
}

/** Whether any step of the plan or any resource declares a config schema. */
export function planTakesConfig(defs: Definitions, plan: ExecutionPlan): boolean {
  return (
    plan.allSteps.some((s) => s.def.config !== undefined) || Object.values(defs.resources).some((r) => r.config !== undefined)
  );
}

let emptySchema: z.ZodType | undefined;

/**
 * Validates the config of a target that takes none (planTakesConfig false) exactly as validateRunConfig
 * would, without the definitions: the server checks it without a round trip to the code server.
 */
export function validateEmptyRunConfig(config: unknown): ConfigValidation {
  return toValidation((emptySchema ??= schemaOf({}, {})).safeParse(config ?? undefined));
}

export function validatePlanConfig(defs: Definitions, plan: ExecutionPlan, config: unknown): ConfigValidation {
  return toValidation(runConfigSchema(defs, plan).safeParse(config ?? undefined));
}

function toValidation(result: z.ZodSafeParseResult<unknown>): ConfigValidation {
  if (result.success) return { ok: true, value: result.data as RunConfig };
  return {
    ok: false,
    violations: result.error.issues.flatMap((issue) => {
      // Unknown keys are reported on their parent; point at the key itself.
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      return keys.map((k) => ({
        path: [...issue.path, ...(k === undefined ? [] : [k])].map(String).join("."),
        message: issue.message,
      }));
    }),
  };
}

/** Validates a run config for a target; violations carry dotted paths such as "ops.fetch.url". */
export function validateRunConfig(defs: Definitions, target: RunTarget, config: unknown): ConfigValidation {
  return validatePlanConfig(defs, buildPlan(defs, target), config);
}

/** JSON schema of a plan's run config (input side: fields with defaults are optional). */
export function runConfigJsonSchema(defs: Definitions, plan: ExecutionPlan): Record<string, unknown> {
  try {
    return z.toJSONSchema(runConfigSchema(defs, plan), { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  } catch (error) {
    return { description: `config schema cannot be shown as JSON schema: ${(error as Error).message}` };
  }
}

/** The config a launchpad starts from: every default filled in, required fields left out. */
export function defaultRunConfig(defs: Definitions, plan: ExecutionPlan): RunConfig {
  const out: RunConfig = { ops: {}, resources: {} };
  for (const step of plan.allSteps) {
    if (!step.def.config) continue;
    const r = omittable(step.def.config).safeParse(undefined);
    if (r.success && r.data !== undefined) out.ops[step.key] = r.data;
  }
  for (const [name, res] of Object.entries(defs.resources)) {
    if (!res.config) continue;
    const r = omittable(res.config).safeParse(undefined);
    if (r.success && r.data !== undefined) out.resources[name] = r.data;
  }
  return out;
}
