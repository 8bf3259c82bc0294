"use client";
// Draws a laid-out DAG with @xyflow/react: pan, zoom, minimap, fit to view, selection.
import { Background, Controls, MiniMap, ReactFlow, type Edge, type Node, type NodeTypes } from "@xyflow/react";
import type { MouseEvent } from "react";
import { useEffect, useMemo, useState } from "react";
import { layoutDag, type DagEdge, type Positions } from "./layoutDag";
import styles from "./DagCanvas.module.css";

/** Nodes that carry a `state` show its colour in the minimap. */
function miniMapColor(data: Record<string, unknown>): string {
  const state = data.state;
  if (state === "materialized" || state === "success") return "#079455";
  if (state === "failed" || state === "failure") return "#d92d20";
  if (state === "materializing" || state === "running") return "#1570ef";
  return "#d0d5dd";
}

export interface DagNode<T extends Record<string, unknown>> {
  id: string;
  type: string;
  width: number;
  height: number;
  data: T;
}

export interface DagCanvasProps<T extends Record<string, unknown>> {
  nodes: DagNode<T>[];
  edges: DagEdge[];
  nodeTypes: NodeTypes;
  direction?: "RIGHT" | "DOWN";
  height?: number | string;
  miniMap?: boolean;
  /** Selection is the caller's state (xyflow's own would reset whenever node data changes). */
  selected?: ReadonlySet<string>;
  onNodeClick?: (id: string, event: MouseEvent) => void;
  /** Styles an edge from the nodes it joins (e.g. animate edges into a running step). */
  edgeClassName?: (edge: DagEdge) => string | undefined;
  testId?: string;
}

export function DagCanvas<T extends Record<string, unknown>>(props: DagCanvasProps<T>) {
  const { nodes, edges, nodeTypes, direction = "RIGHT", height = 420, miniMap = false, selected, onNodeClick, edgeClassName, testId } = props;
  const [positions, setPositions] = useState<Positions | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Layout depends on the graph's shape only, not on node data (statuses change without re-layout).
  const shapeKey = JSON.stringify([nodes.map((n) => [n.id, n.width, n.height]), edges, direction]);

  useEffect(() => {
    let cancelled = false;
    layoutDag(nodes, edges, direction).then(
      (p) => !cancelled && setPositions(p),
      (e: Error) => !cancelled && setError(e.message),
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shapeKey]);

  const flowNodes = useMemo<Node[]>(
    () =>
      positions
        ? nodes.map((n) => ({ id: n.id, type: n.type, position: positions.get(n.id) ?? { x: 0, y: 0 }, data: n.data, width: n.width, height: n.height, selected: selected?.has(n.id) ?? false, selectable: false, draggable: false, connectable: false }))
        : [],
    [nodes, positions, selected],
  );
  const flowEdges = useMemo<Edge[]>(
    () => edges.map((e) => ({ id: `${e.from}->${e.to}`, source: e.from, target: e.to, className: edgeClassName?.(e), selectable: false })),
    [edges, edgeClassName],
  );

  if (error) return <div className={styles.error}>Could not lay out the graph: {error}</div>;
  return (
    <div className={styles.canvas} style={{ height }} data-testid={testId} data-laid-out={positions ? "true" : "false"}>
      {positions && (
        <ReactFlow
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
          minZoom={0.05}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          selectionOnDrag={false}
          onNodeClick={onNodeClick ? (event, node) => onNodeClick(node.id, event) : undefined}
          proOptions={{ hideAttribution: true }}
          zoomOnDoubleClick={false}
          onlyRenderVisibleElements={nodes.length > 150}
          defaultEdgeOptions={{ type: "smoothstep" }}
        >
          <Background gap={20} size={1} color="#e4e7ec" />
          <Controls showInteractive={false} />
          {miniMap && <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={(n) => miniMapColor(n.data)} />}
        </ReactFlow>
      )}
    </div>
  );
}
