// Where the default IO manager keeps outputs under an instance directory.
import { join } from "node:path";

/** Partition keys and run ids may hold any character; keep each a single safe path segment. */
function segment(s: string): string {
  const enc = encodeURIComponent(s);
  return enc === "." || enc === ".." ? `%2E${enc.slice(1)}` : enc;
}

export function runOutputPath(baseDir: string, runId: string, stepKey: string): string {
  return join(baseDir, "runs", segment(runId), stepKey);
}

/** The append-only log holding a run's small op outputs (see runOutputLog.ts). */
export function runOutputLogPath(baseDir: string, runId: string): string {
  return join(baseDir, "runs", segment(runId), "outputs.log");
}

/** Asset keys are validated path-like strings ("raw/orders"), so they map to nested folders. */
export function assetOutputPath(baseDir: string, assetKey: string, partitionKey?: string | null): string {
  const p = join(baseDir, "assets", ...assetKey.split("/"));
  return partitionKey == null ? p : join(p, segment(partitionKey));
}
