"use client";
import { useCallback, useMemo } from "react";
import type { JobStep } from "@/graphql/types";
import { DagCanvas, type DagNode } from "@/features/graph/DagCanvas";
import type { DagEdge } from "@/features/graph/layoutDag";
import type { StepTrack } from "./stepTracks";
import { StepNode, type StepNodeData } from "./StepNode";

const nodeTypes = { step: StepNode };

export function StepGraph({
  steps,
  tracks,
  selection,
  height = 300,
  onStepClick,
}: {
  steps: JobStep[];
  tracks: Map<string, StepTrack>;
  selection: string[] | null;
  height?: number;
  onStepClick?: (key: string) => void;
}) {
  const edges = useMemo<DagEdge[]>(() => steps.flatMap((s) => s.dependsOn.map((from) => ({ from, to: s.key }))), [steps]);
  const nodes = useMemo<DagNode<StepNodeData>[]>(
    () =>
      steps.map((s) => {
        const t = tracks.get(s.key);
        const last = t?.attempts[t.attempts.length - 1];
        const durationMs = t?.attempts.length && last?.end ? last.end - t.attempts[0]!.start : null;
        return {
          id: s.key,
          type: "step",
          width: 220,
          height: 54,
          data: {
            label: s.key,
            kind: s.kind,
            state: t?.state ?? "pending",
            attempts: t?.attempts.length ?? 0,
            durationMs,
            dimmed: selection !== null && !selection.includes(s.key),
          },
        };
      }),
    [steps, tracks, selection],
  );
  const edgeClassName = useCallback((e: DagEdge) => (tracks.get(e.to)?.state === "running" ? "edge-live" : undefined), [tracks]);
  return (
    <DagCanvas
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      height={height}
      onNodeClick={onStepClick}
      edgeClassName={edgeClassName}
      testId="step-graph"
    />
  );
}
