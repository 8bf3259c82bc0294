"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DagCanvas, type DagNode } from "@/features/graph/DagCanvas";
import type { Asset } from "@/graphql/types";
import type { AssetState } from "./assetStatus";
import { AssetNode, type AssetNodeData } from "./AssetNode";
import { MaterializeNotice } from "./MaterializeNotice";
import { useMaterialize } from "./useMaterialize";

const nodeTypes = { asset: AssetNode };

export function AssetLineage({ assets, edges, states }: { assets: Asset[]; edges: { from: string; to: string }[]; states: Map<string, AssetState> }) {
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
  const nodes = useMemo<DagNode<AssetNodeData>[]>(
    () => assets.map((a) => ({ id: a.key, type: "asset", width: 240, height: 78, data: { assetKey: a.key, group: a.group, state: states.get(a.key) ?? "never", materializedAt: a.latestMaterialization?.timestamp ?? null } })),
    [assets, states],
  );
  return (
    <div className="card" style={{ overflow: "hidden" }}>
      <div className="card-header">
        <span className="small muted">
          {selected.length ? `${selected.length} selected — shift-click to add, double-click to open` : "Click an asset to select it (shift-click for more); double-click to open it."}
        </span>
        <div className="row">
          {selected.length > 0 && <button className="btn btn-sm btn-ghost" onClick={() => setSelectedSet(new Set())}>Clear</button>}
          <button className="btn btn-sm" onClick={() => materialize(assets.map((a) => a.key))} disabled={fetching}>Materialize all</button>
          <button className="btn btn-sm btn-primary" onClick={() => materialize(selected)} disabled={!selected.length || fetching} data-testid="materialize-selected">
            Materialize selected{selected.length ? ` (${selected.length})` : ""}
          </button>
        </div>
      </div>
      {result && <div style={{ padding: "12px 16px 0" }}><MaterializeNotice result={result} onDismiss={clear} /></div>}
      <div onDoubleClick={(e) => {
        const key = (e.target as HTMLElement).closest("[data-asset]")?.getAttribute("data-asset");
        if (key) router.push(`/asset/?key=${encodeURIComponent(key)}`);
      }}>
        <DagCanvas nodes={nodes} edges={edges} nodeTypes={nodeTypes} height="calc(100vh - 250px)" miniMap selected={selectedSet} onNodeClick={onNodeClick} testId="asset-graph" />
      </div>
    </div>
  );
}
