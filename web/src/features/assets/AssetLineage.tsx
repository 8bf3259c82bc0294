"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DagCanvas, type DagNode } from "@/features/graph/DagCanvas";
import { ASSET_NODE_SIZE } from "@weir/dag-layout";
import type { Positions } from "@/features/graph/layoutDag";
import type { Asset, AssetGraphLayout } from "@/graphql/types";
import type { AssetState } from "./assetStatus";
import { AssetNode, type AssetNodeData } from "./AssetNode";
import { MaterializeNotice } from "./MaterializeNotice";
import { useMaterialize } from "./useMaterialize";
import { assetPath } from "@/lib/addresses";

const nodeTypes = { asset: AssetNode };
/** The size AssetNode is drawn at; the server lays the lineage out for the same. */
const { width: NODE_WIDTH, height: NODE_HEIGHT } = ASSET_NODE_SIZE;

interface AssetLineageProps {
  assets: Asset[];
  edges: { from: string; to: string }[];
  /** The server's layout: spares a first visit ELK's cold start. Unused if it was made for other node sizes. */
  layout: AssetGraphLayout | null;
  states: Map<string, AssetState>;
}

export function AssetLineage({ assets, edges, layout, states }: AssetLineageProps) {
  const router = useRouter();
  const [selectedSet, setSelectedSet] = useState<ReadonlySet<string>>(() => new Set());
  const selected = [...selectedSet];
  const onNodeClick = (key: string, event: React.MouseEvent) => {
    const additive = event.shiftKey || event.metaKey || event.ctrlKey;
    setSelectedSet((s) => {
      const next = new Set(additive ? s : []);
      if (additive && s.has(key)) next.delete(key);
      else if (!additive && s.size === 1 && s.has(key)) return new Set();
      else next.add(key);
      return next;
    });
  };
  const { materialize, result, clear, fetching } = useMaterialize();
  const positions = useMemo<Positions | undefined>(
    () =>
      layout?.nodeWidth === NODE_WIDTH && layout.nodeHeight === NODE_HEIGHT
        ? new Map(layout.positions.map((p) => [p.key, { x: p.x, y: p.y }]))
        : undefined,
    [layout],
  );
  const nodes = useMemo<DagNode<AssetNodeData>[]>(
    () =>
      assets.map((a) => ({
        id: a.key,
        type: "asset",
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: {
          assetKey: a.key,
          group: a.group,
          state: states.get(a.key) ?? "never",
          materializedAt: a.latestMaterialization?.timestamp ?? null,
        },
      })),
    [assets, states],
  );
  return (
    <div className="card" style={{ overflow: "hidden" }}>
      <div className="card-header">
        <span className="small muted">
          {selected.length
            ? `${selected.length} selected — shift-click to add, double-click to open`
            : "Click an asset to select it (shift-click for more); double-click to open it."}
        </span>
        <div className="row">
          {selected.length > 0 && (
            <button className="btn btn-sm btn-ghost" onClick={() => setSelectedSet(new Set())}>
              Clear
            </button>
          )}
          <button className="btn btn-sm" onClick={() => materialize(assets.map((a) => a.key))} disabled={fetching}>
            Materialize all
          </button>
          <button
            className="btn btn-sm btn-primary"
            onClick={() => materialize(selected)}
            disabled={!selected.length || fetching}
            data-testid="materialize-selected"
          >
            Materialize selected{selected.length ? ` (${selected.length})` : ""}
          </button>
        </div>
      </div>
      {result && (
        <div style={{ padding: "12px 16px 0" }}>
          <MaterializeNotice result={result} onDismiss={clear} />
        </div>
      )}
      <div
        onDoubleClick={(e) => {
          const key = (e.target as HTMLElement).closest("[data-asset]")?.getAttribute("data-asset");
          if (key) router.push(assetPath(key));
        }}
      >
        <DagCanvas
          nodes={nodes}
          edges={edges}
          positions={positions}
          nodeTypes={nodeTypes}
          height="calc(100vh - 250px)"
          miniMap
          selected={selectedSet}
          onNodeClick={onNodeClick}
          testId="asset-graph"
        />
      </div>
    </div>
  );
}
