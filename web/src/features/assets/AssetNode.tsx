"use client";
import { Handle, Position, useStore, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { formatRelative } from "@/lib/format";
import { TONE_VAR } from "@/lib/runStatus";
import { ASSET_STATE_LABEL, ASSET_STATE_TONE, type AssetState } from "./assetStatus";
import styles from "./AssetNode.module.css";

export type AssetNodeData = { assetKey: string; group: string; state: AssetState; materializedAt: string | null };

/** Below this zoom a node's small print is unreadable: it shows as a block of its status colour with its key. */
const DETAIL_ZOOM = 0.45;

/** Memoized: a graph of hundreds of assets re-renders only the nodes whose data, selection or detail level changed. */
export const AssetNode = memo(function AssetNode({ data, selected }: NodeProps) {
  const d = data as AssetNodeData;
  const tone = TONE_VAR[ASSET_STATE_TONE[d.state]];
  const detailed = useStore((s) => s.transform[2] >= DETAIL_ZOOM);
  if (!detailed)
    return (
      <div
        className={selected ? `${styles.block} ${styles.selected}` : styles.block}
        style={{ background: tone.bg, borderColor: selected ? "var(--accent)" : tone.fg }}
        data-asset={d.assetKey}
        data-state={d.state}
        title={d.assetKey}
      >
        <Handle type="target" position={Position.Left} className={styles.handle} />
        <span className={styles.blockKey}>{d.assetKey}</span>
        <Handle type="source" position={Position.Right} className={styles.handle} />
      </div>
    );
  return (
    <div
      className={selected ? `${styles.node} ${styles.selected}` : styles.node}
      style={{ borderColor: selected ? "var(--accent)" : tone.line }}
      data-asset={d.assetKey}
      data-state={d.state}
    >
      <Handle type="target" position={Position.Left} className={styles.handle} />
      <div className={styles.head} style={{ background: tone.bg }}>
        <span className={styles.dot} style={{ background: tone.fg }} />
        <span className={styles.key} title={d.assetKey}>
          {d.assetKey}
        </span>
      </div>
      <div className={styles.meta}>
        <span style={{ color: tone.fg, fontWeight: 600 }}>{ASSET_STATE_LABEL[d.state]}</span>
        {d.materializedAt && <span>· {formatRelative(d.materializedAt)}</span>}
      </div>
      <div className={styles.group}>{d.group}</div>
      <Handle type="source" position={Position.Right} className={styles.handle} />
    </div>
  );
});
