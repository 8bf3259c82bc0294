// The asset lineage laid out on the server, when code locations (re)load and off the request path: a
// browser's first visit to a large lineage then draws at once instead of waiting for a cold ELK of its own.
import type { Logger } from "pino";
import { ASSET_NODE_SIZE, dagLayoutOptions } from "@weir/dag-layout";
import type { AssetSnapshot, CodeLocationManager } from "../codeLocations/codeLocationManager.ts";
import { layoutInWorker, type ElkGraph, type ElkJob } from "./elkInWorker.ts";

type LineageAsset = Pick<AssetSnapshot, "key" | "deps">;

export interface AssetGraphLayout {
  nodeWidth: number;
  nodeHeight: number;
  positions: { key: string; x: number; y: number }[];
}

/** The graph and options the UI's layoutDag gives ELK for the lineage, so both lay it out alike. */
export function lineageElkGraph(assets: LineageAsset[]): ElkGraph {
  const keys = new Set(assets.map((a) => a.key));
  return {
    id: "root",
    layoutOptions: dagLayoutOptions(assets.length, "RIGHT"),
    children: assets.map((a) => ({ id: a.key, ...ASSET_NODE_SIZE })),
    edges: assets
      .flatMap((a) => a.deps.filter((d) => keys.has(d)).map((d) => ({ sources: [d], targets: [a.key] })))
      .map((e, i) => ({ id: `e${i}`, ...e })),
  };
}

export interface AssetLayouts {
  /** The layout of exactly these assets if it is ready, else null (and it is computed in the background). */
  layoutOf(assets: LineageAsset[]): AssetGraphLayout | null;
  dispose(): void;
}

interface Entry {
  key: string;
  job: ElkJob;
  /** Undefined while ELK works; null when it failed. */
  layout?: AssetGraphLayout | null;
}

/** Lays out every loaded location's assets now and after each (re)load; keeps the newest layout only. */
export function createAssetLayouts(
  locations: Pick<CodeLocationManager, "list" | "onChange">,
  log: Logger,
  { layout = layoutInWorker }: { layout?: (graph: ElkGraph) => ElkJob } = {},
): AssetLayouts {
  let current: Entry | undefined;

  function entryFor(assets: LineageAsset[]): Entry {
    const key = JSON.stringify(assets.map((a) => [a.key, a.deps]));
    if (current?.key === key) return current;
    current?.job.cancel();
    // Nothing to lay out needs no worker.
    const job: ElkJob = assets.length
      ? layout(lineageElkGraph(assets))
      : { result: Promise.resolve({ id: "root" }), cancel: () => undefined };
    const entry: Entry = { key, job };
    void job.result
      .then(
        (graph): AssetGraphLayout => ({
          nodeWidth: ASSET_NODE_SIZE.width,
          nodeHeight: ASSET_NODE_SIZE.height,
          positions: (graph.children ?? []).map((c) => ({ key: c.id, x: c.x ?? 0, y: c.y ?? 0 })),
        }),
        (error: Error) => {
          // A superseded layout was cancelled on purpose; a failure only costs the UI its own layout.
          if (current === entry) log.warn({ err: error }, `could not lay out the asset graph: ${error.message}`);
          return null;
        },
      )
      .then((laidOut) => (entry.layout = laidOut));
    current = entry;
    return entry;
  }

  const loadedAssets = () => locations.list().flatMap((l) => l.snapshot?.assets ?? []);
  entryFor(loadedAssets());
  const unsubscribe = locations.onChange((l) => {
    if (l.status === "LOADED") entryFor(loadedAssets());
  });

  return {
    layoutOf: (assets) => entryFor(assets).layout ?? null,
    dispose() {
      unsubscribe();
      current?.job.cancel();
    },
  };
}
