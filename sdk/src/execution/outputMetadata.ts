// The metadata an IO manager returns for a step's output travels in events (STEP_OUTPUT,
// ASSET_MATERIALIZATION) as JSON: a value JSON cannot hold fails the step with an error that names the
// step and where the value is, before any event carries it (a server would otherwise meet it while
// storing a batch, and a worker while writing its event line).

export class OutputMetadataError extends Error {
  constructor(
    readonly stepKey: string,
    readonly path: string,
    problem: string,
  ) {
    super(`Step "${stepKey}" returned output metadata that cannot be stored as JSON: ${problem} at ${path}`);
    this.name = "OutputMetadataError";
  }
}

/** Where in `value` JSON fails, and why: a BigInt, or an object that contains itself. */
function findProblem(value: unknown, path: string, ancestors: Set<object>): { path: string; problem: string } | undefined {
  if (typeof value === "bigint") return { path, problem: `a BigInt (${value}n; convert it to a number or a string)` };
  if (typeof value !== "object" || value === null) return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
  if (ancestors.has(value)) return { path, problem: "a circular reference (an object that contains itself)" };
  ancestors.add(value);
  try {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
    for (const [key, child] of entries) {
      const found = findProblem(child, `${path}${key}`, ancestors);
      if (found) return found;
    }
  } finally {
    ancestors.delete(value);
  }
  return undefined;
}

/** Throws OutputMetadataError when `metadata` cannot be encoded as JSON; returns it otherwise. */
export function checkOutputMetadata<T>(stepKey: string, metadata: T): T {
  try {
    JSON.stringify(metadata);
    return metadata;
  } catch (error) {
    const found = findProblem(metadata, "metadata", new Set());
    throw new OutputMetadataError(stepKey, found?.path ?? "metadata", found?.problem ?? (error as Error).message);
  }
}
