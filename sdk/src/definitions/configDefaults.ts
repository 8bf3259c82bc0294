// zod 4 returns a `.default(x)` value without validating it, so a bad default would only surface at
// run time. Walk the schema and validate every default against the schema it stands in for.
import type { z } from "zod";

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  defaultValue?: unknown;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Problems as "path: message" strings; path "" is the schema itself. */
export function configDefaultProblems(schema: z.ZodType, path = "", seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const out: string[] = [];
  switch (def.type) {
    case "default":
    case "prefault": {
      const inner = def.innerType!;
      const value = def.defaultValue;
      const result = inner.safeParse(value);
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = [path, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
        out.push(`default ${safeJson(value)} ${where ? `at ${where} ` : ""}fails validation: ${issue?.message ?? "invalid"}`);
      }
      out.push(...configDefaultProblems(inner, path, seen));
      break;
    }
    case "optional":
    case "nullable":
    case "nonoptional":
    case "readonly":
    case "catch":
      if (def.innerType) out.push(...configDefaultProblems(def.innerType, path, seen));
      break;
    case "pipe":
      if (def.in) out.push(...configDefaultProblems(def.in, path, seen));
      break;
    case "object":
      for (const [k, v] of Object.entries(def.shape ?? {}))
        out.push(...configDefaultProblems(v, path ? `${path}.${k}` : k, seen));
      break;
    case "array":
      if (def.element) out.push(...configDefaultProblems(def.element, `${path}[]`, seen));
      break;
    case "union":
      for (const o of def.options ?? []) out.push(...configDefaultProblems(o, path, seen));
      break;
  }
  return out;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
