"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { STEP_STATE_LABEL, STEP_STATE_TONE, TONE_VAR, type StepState } from "@/lib/runStatus";
import { formatDuration } from "@/lib/format";
import styles from "./StepNode.module.css";

export type StepNodeData = {
  label: string;
  kind: string;
  state: StepState;
  attempts: number;
  durationMs: number | null;
  dimmed: boolean;
};

export function StepNode({ data }: NodeProps) {
  const d = data as StepNodeData;
  const tone = TONE_VAR[STEP_STATE_TONE[d.state]];
  return (
    <div
      className={styles.node}
      style={{ borderColor: tone.line, opacity: d.dimmed ? 0.45 : 1 }}
      data-step={d.label}
      data-state={d.state}
    >
      <Handle type="target" position={Position.Left} className={styles.handle} />
      <div className={styles.bar} style={{ background: tone.fg }} />
      <div className={styles.body}>
        <div className={styles.title} title={d.label}>
          {d.label}
        </div>
        <div className={styles.meta}>
          <span style={{ color: tone.fg, fontWeight: 600 }}>{STEP_STATE_LABEL[d.state]}</span>
          {d.attempts > 1 && <span>· {d.attempts} attempts</span>}
          {d.durationMs !== null && <span>· {formatDuration(d.durationMs)}</span>}
        </div>
      </div>
      <Handle type="source" position={Position.Right} className={styles.handle} />
    </div>
  );
}
