// ELK's options for Weir's DAGs, one copy for both places that lay a graph out: the UI (layoutDag) and
// the server's asset lineage layout (server/src/assetLayout), so a layout made by either places nodes
// alike. A package of its own (@weir/dag-layout) so the server need not depend on
// the UI; no imports, so both load it as it is.

/** Past this many nodes ELK trades a little crossing and placement polish for speed. */
const LARGE = 120;

/** The size an asset node is drawn at in the lineage; the UI ignores a server layout made for another. */
export const ASSET_NODE_SIZE = { width: 240, height: 78 } as const;

/** Only node positions are used (xyflow draws the edges), so edge routing stays cheap. */
export function dagLayoutOptions(nodeCount: number, direction: "RIGHT" | "DOWN"): Record<string, string> {
  const large = nodeCount > LARGE;
  return {
    "elk.algorithm": "layered",
    "elk.direction": direction,
    "elk.layered.spacing.nodeNodeBetweenLayers": "64",
    "elk.spacing.nodeNode": "20",
    "elk.spacing.componentComponent": "40",
    "elk.edgeRouting": "POLYLINE",
    "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
    "elk.layered.thoroughness": large ? "1" : "7",
    "elk.layered.nodePlacement.strategy": large ? "SIMPLE" : "BRANDES_KOEPF",
    ...(large ? {} : { "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES" }),
    "elk.separateConnectedComponents": "true",
  };
}
