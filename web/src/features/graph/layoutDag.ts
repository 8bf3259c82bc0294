// Lays out a directed acyclic graph with ELK's layered algorithm (the layout Dagster-style lineage needs:
// layers left to right, few crossings, orthogonal-ish spacing).
import ElkApi, { type ELK, type ElkNode } from "elkjs/lib/elk-api.js";
import { dagLayoutOptions } from "@weir/dag-layout";
import { cachedLayout, layoutKey, rememberLayout } from "./layoutCache";

export interface DagNodeSize {
  id: string;
  width: number;
  height: number;
}
export interface DagEdge {
  from: string;
  to: string;
}
export type Positions = Map<string, { x: number; y: number }>;

let elk: ELK | null = null;

/**
 * ELK is large (1.5 MB of compiled Java) and its first layout in a page is slow (its code is still cold),
 * so it loads on first use in a Web Worker: neither parsing it nor laying out blocks the main thread.
 */
function engine(): ELK {
  // ELK's worker script is self-contained JavaScript (GWT-compiled Java): the bundler copies it as it is.
  elk ??= new ElkApi({
    algorithms: ["layered"],
    workerFactory: () => new Worker(new URL("elkjs/lib/elk-worker.min.js", import.meta.url)),
  });
  return elk;
}

function elkGraph(nodes: DagNodeSize[], edges: DagEdge[], direction: "RIGHT" | "DOWN"): ElkNode {
  const ids = new Set(nodes.map((n) => n.id));
  return {
    id: "root",
    layoutOptions: dagLayoutOptions(nodes.length, direction),
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
}

export async function layoutDag(
  nodes: DagNodeSize[],
  edges: DagEdge[],
  direction: "RIGHT" | "DOWN" = "RIGHT",
): Promise<Positions> {
  const input = elkGraph(nodes, edges, direction);
  const key = layoutKey(JSON.stringify(input));
  const cached = cachedLayout(key);
  if (cached && nodes.every((n) => cached.has(n.id))) return cached;
  const graph = await engine().layout(input);
  const positions: Positions = new Map();
  for (const child of graph.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  rememberLayout(key, positions);
  return positions;
}
