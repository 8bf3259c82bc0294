"use client";
// Draws a laid-out DAG with @xyflow/react: pan, zoom, minimap, fit to view, selection.
import {
  Background,
  Controls,
  getViewportForBounds,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeHandle,
  type NodeTypes,
  type Viewport,
} from "@xyflow/react";
import type { MouseEvent } from "react";
import { useEffect, useMemo, useRef, useState } from "react";
import { layoutDag, type DagEdge, type DagNodeSize, type Positions } from "./layoutDag";
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
  /** A layout made elsewhere (the server's); used when it places every node, else ELK lays the graph out. */
  positions?: Positions;
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

/** Past this many nodes the canvas drops what costs per edge: rounded edge routing, pointer targets. */
const LARGE = 150;
const MIN_ZOOM = 0.05;
const FIT_PADDING = 0.15;
const FIT_MAX_ZOOM = 1.1;
/** The controls' "fit view" button fits as the first render did. */
const FIT_VIEW_OPTIONS = { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM };
const PRO_OPTIONS = { hideAttribution: true };
const SMOOTH_EDGES = { type: "smoothstep" };
/** Large graphs: bezier edges (cheaper than routed steps), no invisible wide path per edge for the pointer. */
const PLAIN_EDGES = { type: "default", interactionWidth: 0 };
/** xyflow's default handle: a 6 px square centred on the middle of a node's side. */
const HANDLE = 6;

/**
 * Node sizes are known (the layout used them) and node types put their input handle on the left side
 * and their output on the right (top and bottom when laid out downwards), so nodes enter xyflow measured
 * and with their handles: nodes and edges draw in the first render, instead of hidden until every node
 * is measured in the DOM and then rendered again.
 */
function sides(width: number, height: number, direction: "RIGHT" | "DOWN"): NodeHandle[] {
  const size = { width: HANDLE, height: HANDLE };
  return direction === "RIGHT"
    ? [
        { type: "target", position: Position.Left, x: -HANDLE / 2, y: (height - HANDLE) / 2, ...size },
        { type: "source", position: Position.Right, x: width - HANDLE / 2, y: (height - HANDLE) / 2, ...size },
      ]
    : [
        { type: "target", position: Position.Top, x: (width - HANDLE) / 2, y: -HANDLE / 2, ...size },
        { type: "source", position: Position.Bottom, x: (width - HANDLE) / 2, y: height - HANDLE / 2, ...size },
      ];
}

/** Fits the laid-out graph into the canvas, as xyflow's fitView would, but before the first render. */
function fittedViewport(nodes: DagNodeSize[], positions: Positions, width: number, height: number): Viewport {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    const p = positions.get(n.id) ?? { x: 0, y: 0 };
    [left, top, right, bottom] = [
      Math.min(left, p.x),
      Math.min(top, p.y),
      Math.max(right, p.x + n.width),
      Math.max(bottom, p.y + n.height),
    ];
  }
  return getViewportForBounds(
    { x: left, y: top, width: right - left, height: bottom - top },
    width,
    height,
    MIN_ZOOM,
    FIT_MAX_ZOOM,
    FIT_PADDING,
  );
}

export function DagCanvas<T extends Record<string, unknown>>(props: DagCanvasProps<T>) {
  const {
    nodes,
    edges,
    positions: given,
    nodeTypes,
    direction = "RIGHT",
    height = 420,
    miniMap = false,
    selected,
    onNodeClick,
    edgeClassName,
    testId,
  } = props;
  const canvas = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState<{ positions: Positions; viewport: Viewport } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Layout depends on the graph's shape only, not on node data (statuses change without re-layout).
  const large = nodes.length > LARGE;
  const shapeKey = JSON.stringify([nodes.map((n) => [n.id, n.width, n.height]), edges, direction]);

  useEffect(() => {
    let cancelled = false;
    const place = (positions: Positions) => {
      if (cancelled || !canvas.current) return;
      const { width, height } = canvas.current.getBoundingClientRect();
      setLayout({ positions, viewport: fittedViewport(nodes, positions, width, height) });
    };
    if (given && nodes.every((n) => given.has(n.id))) place(given);
    else layoutDag(nodes, edges, direction).then(place, (e: Error) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shapeKey]);

  const positions = layout?.positions;
  const flowNodes = useMemo<Node[]>(
    () =>
      positions
        ? nodes.map((n) => ({
            id: n.id,
            type: n.type,
            position: positions.get(n.id) ?? { x: 0, y: 0 },
            data: n.data,
            width: n.width,
            height: n.height,
            measured: { width: n.width, height: n.height },
            handles: sides(n.width, n.height, direction),
            selected: selected?.has(n.id) ?? false,
            selectable: false,
            draggable: false,
            connectable: false,
          }))
        : [],
    [nodes, positions, selected, direction],
  );
  const flowEdges = useMemo<Edge[]>(
    () =>
      edges.map((e) => ({
        id: `${e.from}->${e.to}`,
        source: e.from,
        target: e.to,
        className: edgeClassName?.(e),
        selectable: false,
      })),
    [edges, edgeClassName],
  );

  if (error) return <div className={styles.error}>Could not lay out the graph: {error}</div>;
  return (
    <div ref={canvas} className={styles.canvas} style={{ height }} data-testid={testId} data-laid-out={layout ? "true" : "false"}>
      {layout && (
        <ReactFlow
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={nodeTypes}
          defaultViewport={layout.viewport}
          minZoom={MIN_ZOOM}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          selectionOnDrag={false}
          onNodeClick={onNodeClick ? (event, node) => onNodeClick(node.id, event) : undefined}
          proOptions={PRO_OPTIONS}
          zoomOnDoubleClick={false}
          onlyRenderVisibleElements={large}
          defaultEdgeOptions={large ? PLAIN_EDGES : SMOOTH_EDGES}
        >
          <Background gap={20} size={1} color="#e4e7ec" />
          <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
          {miniMap && <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={(n) => miniMapColor(n.data)} />}
        </ReactFlow>
      )}
    </div>
  );
}
