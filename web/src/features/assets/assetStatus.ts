// An asset's latest status for the catalog and the lineage graph: materializing now, failed since its
// last materialization, materialized, or never materialized.
import type { Asset, RunSummary } from "@/graphql/types";
import type { Tone } from "@/lib/runStatus";
import { isUnfinished } from "@/lib/runStatus";

export type AssetState = "materializing" | "failed" | "materialized" | "never";

export const ASSET_STATE_TONE: Record<AssetState, Tone> = {
  materializing: "run",
  failed: "fail",
  materialized: "ok",
  never: "queue",
};
export const ASSET_STATE_LABEL: Record<AssetState, string> = {
  materializing: "Materializing",
  failed: "Failed",
  materialized: "Materialized",
  never: "Never materialized",
};

/** `runs` newest first; only runs with an asset selection say which assets they touched. */
export function assetState(asset: Asset, runs: RunSummary[]): AssetState {
  const last = asset.latestMaterialization ? new Date(asset.latestMaterialization.timestamp).getTime() : 0;
  for (const run of runs) {
    if (!run.assetSelection?.includes(asset.key)) continue;
    if (isUnfinished(run.status)) return "materializing";
    if (run.status === "FAILURE" && new Date(run.createdAt).getTime() > last && run.id !== asset.latestMaterialization?.runId)
      return "failed";
    break;
  }
  return asset.latestMaterialization ? "materialized" : "never";
}
