"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice, Notice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { JobStepsDocument, RunDocument } from "@/graphql/generated/graphql";
import type { JobStep, RunEvent } from "@/graphql/types";
import { isUnfinished } from "@/lib/runStatus";
import { useAddress } from "@/lib/useAddress";
import { useNow } from "@/lib/useNow";
import { useThrottled } from "@/lib/useThrottled";
import { LogViewer } from "./LogViewer";
import { DEFAULT_LOG_FILTER, type LogFilter } from "./logFilter";
import { RunActions } from "./RunActions";
import { RunFacts, RunTitle } from "./RunHeader";
import dynamic from "next/dynamic";
import { StepTimeline } from "./StepTimeline";
import { deriveStepTracks, type StepTrack } from "./stepTracks";
import { useRunEventStream } from "./useRunEventStream";

// The graph (xyflow + ELK) loads after the log: the log is what a user opens a run for. Until it is
// drawn, a placeholder of its height keeps the log from moving.
const GRAPH_HEIGHT = 300;
const StepGraph = dynamic(() => import("./StepGraph").then((m) => m.StepGraph), {
  ssr: false,
  loading: () => (
    <div style={{ height: GRAPH_HEIGHT }}>
      <Loading label="Drawing the step graph…" />
    </div>
  ),
});

function FailureSummary({ tracks, reason }: { tracks: Map<string, StepTrack>; reason: string | null }) {
  const failed = [...tracks.values()].filter((t) => t.state === "failure");
  if (!failed.length)
    return (
      <Notice tone="error" title="This run failed.">
        {reason}
      </Notice>
    );
  return (
    <Notice tone="error" title={`This run failed at ${failed.map((t) => t.key).join(", ")}.`}>
      {failed.map(
        (t) =>
          t.error && (
            <div key={t.key}>
              <code>{t.key}</code>: {t.error.name}: {t.error.message}
            </div>
          ),
      )}
      <div className="small muted">
        The failure&apos;s stack is in the log below. Fix the cause, then re-execute from failure to run only what is left.
      </div>
    </Notice>
  );
}

export function RunPage() {
  const id = useAddress("run");
  if (!id)
    return (
      <EmptyState title="No run selected">
        Open a run from the <Link href="/runs/">Runs</Link> page.
      </EmptyState>
    );
  return <RunView key={id} id={id} />;
}

function RunView({ id }: { id: string }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: RunDocument, variables: { id } });
  const run = data?.run ?? null;
  const [{ data: jobData }] = useQuery({ query: JobStepsDocument, variables: { name: run?.jobName ?? "" }, pause: !run });
  // A finished run's record no longer changes: only a run still in progress (or not loaded yet) is
  // refetched when its log says its status or a step's has moved.
  const settled = run !== null && !isUnfinished(run.status);
  const refresh = useThrottled(() => {
    if (!settled) refetch({ requestPolicy: "network-only" });
  }, 300);
  const stream = useRunEventStream(id, (batch: RunEvent[]) => {
    if (!settled && batch.some((e) => e.type.startsWith("RUN_") || e.type === "STEP_SUCCESS" || e.type === "STEP_FAILURE"))
      refresh();
  });
  const [view, setView] = useState<"graph" | "timeline">("graph");
  const [logFilter, setLogFilter] = useState<LogFilter>(DEFAULT_LOG_FILTER);
  const live = run ? isUnfinished(run.status) : false;
  const now = useNow(500, live);

  const steps = useMemo<JobStep[]>(() => {
    const all = jobData?.job?.steps ?? [];
    const keep = run?.assetSelection ? new Set(run.assetSelection) : null;
    if (!keep) return all;
    return all.filter((s) => keep.has(s.key)).map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => keep.has(d)) }));
  }, [jobData, run?.assetSelection]);
  const stepKeys = useMemo(() => steps.map((s) => s.key), [steps]);
  const { tracks, runStart, runEnd } = useMemo(
    () =>
      deriveStepTracks(
        stream.events.filter((e) => e.type.startsWith("STEP_") || e.type.startsWith("RUN_")),
        stepKeys,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stream.version, stepKeys],
  );

  if (error && !run) return <ApiErrorNotice error={error} action="load this run" />;
  if (!run && !fetching && data)
    return (
      <EmptyState title="Run not found">
        No run has the id <code>{id}</code>; it may have been deleted.
      </EmptyState>
    );

  // One tree whether or not the run's record has arrived: the log does not wait for it (nor for the job's
  // steps); its head comes on its own and is what a user opens a run for.
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href="/runs/">Runs</Link>
            <span className="faint">/</span>
            <span className="mono">{id.slice(0, 8)}</span>
          </>
        }
        title={run ? <RunTitle run={run} /> : <span className="muted">Loading run…</span>}
        actions={run && <RunActions run={run} />}
      />
      {error && run && <ApiErrorNotice error={error} action="refresh this run" />}
      {stream.error && (
        <Notice tone="error" title="The live log stopped.">
          {stream.error}
        </Notice>
      )}
      {run?.status === "FAILURE" && <FailureSummary tracks={tracks} reason={run.failureReason} />}
      <div className="stack">
        <div className="card">{run ? <RunFacts run={run} /> : <Loading />}</div>
        <div className="card">
          <div className="card-header">
            <div className="row">
              <button
                className={view === "graph" ? "btn btn-sm" : "btn btn-sm btn-ghost"}
                onClick={() => setView("graph")}
                aria-pressed={view === "graph"}
              >
                Step graph
              </button>
              <button
                className={view === "timeline" ? "btn btn-sm" : "btn btn-sm btn-ghost"}
                onClick={() => setView("timeline")}
                aria-pressed={view === "timeline"}
                data-testid="timeline-tab"
              >
                Timeline
              </button>
            </div>
            <span className="small muted">
              {run?.steps.length
                ? `${run.steps.filter((s) => s.status === "SUCCESS").length} of ${steps.length} steps succeeded`
                : `${steps.length} steps`}
            </span>
          </div>
          {view === "timeline" ? (
            <StepTimeline order={stepKeys} tracks={tracks} runStart={runStart} runEnd={runEnd} now={now} />
          ) : run && steps.length ? (
            <StepGraph
              steps={steps}
              tracks={tracks}
              selection={run.stepSelection}
              height={GRAPH_HEIGHT}
              onStepClick={(key) => setLogFilter({ ...logFilter, step: logFilter.step === key ? "" : key })}
            />
          ) : (
            <div style={{ height: GRAPH_HEIGHT }}>
              <Loading label="Loading steps…" />
            </div>
          )}
        </div>
        <div className="card" style={{ overflow: "hidden" }}>
          <LogViewer
            events={stream.events}
            version={stream.version}
            steps={stepKeys}
            live={live}
            filter={logFilter}
            onFilterChange={setLogFilter}
          />
        </div>
      </div>
    </>
  );
}
