"use client";
import Link from "next/link";
import { useMemo } from "react";
import { useQuery } from "urql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice, Notice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { OverviewDocument, type RunStatus } from "@/graphql/generated/graphql";
import { UNFINISHED_STATUSES } from "@weir/sdk/statuses";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { usePolling } from "@/lib/usePolling";
import { useThrottled } from "@/lib/useThrottled";
import { RunsTable } from "@/features/runs/RunsTable";
import { DaemonHealth } from "./DaemonHealth";
import { QueuedRuns } from "./QueuedRuns";
import { StatCard } from "./StatCard";

// Runs still queued or in progress, as the status table in @weir/sdk defines them.
const UNFINISHED: RunStatus[] = [...UNFINISHED_STATUSES];

export function OverviewPage() {
  const since = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 86_400_000).toISOString(), []);
  const [{ data, error }, refetch] = useQuery({ query: OverviewDocument, variables: { since, unfinished: UNFINISHED } });
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 500);
  useRunStatusChanges(() => refresh());
  usePolling(refresh, 10_000);

  if (!data) return error ? <ApiErrorNotice error={error} action="load the overview" /> : <Loading />;
  const { instance, codeLocations } = data;
  const broken = codeLocations.filter((l) => l.status === "ERROR");
  const failures = data.failures.edges.map((e) => e.node);
  const inProgress = data.inProgress.edges.map((e) => e.node);
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={
          <span>
            {instance.storage.kind} store · {instance.launcher.name} launcher ·{" "}
            <span className="mono small">{instance.storage.location}</span>
          </span>
        }
      />
      {error && <ApiErrorNotice error={error} action="refresh the overview" />}
      {broken.map((l) => (
        <Notice key={l.name} tone="error" title={`Code location “${l.name}” failed to load.`}>
          {l.error?.message}
          {l.error?.file ? ` (${l.error.file}${l.error.line ? `:${l.error.line}` : ""})` : ""} —{" "}
          <Link href="/locations/">fix it and reload</Link>
        </Notice>
      ))}
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))", gap: 12, marginBottom: 20 }}>
        <StatCard
          label="Running"
          tone="run"
          value={instance.runQueue.inProgressCount}
          hint={`of ${instance.runQueue.maxConcurrentRuns} allowed at once`}
          href="/runs/?status=STARTING,STARTED,CANCELING"
          testId="stat-running"
        />
        <StatCard
          label="Queued"
          tone="queue"
          value={instance.runQueue.queuedCount}
          hint="waiting for a slot"
          href="/runs/?status=QUEUED"
          testId="stat-queued"
        />
        <StatCard
          label="Failed in 24 h"
          tone="fail"
          value={`${failures.length}${data.failures.pageInfo.hasNextPage ? "+" : ""}`}
          hint="runs ending in failure"
          href="/runs/?status=FAILURE&range=24h"
        />
        <StatCard
          label="Daemon"
          tone={instance.daemonRunning ? "ok" : "queue"}
          value={instance.daemonRunning ? "Running" : "Off"}
          hint={instance.daemonRunning ? "schedules and sensors are evaluated" : "schedules and sensors do not tick"}
          href="/automation/"
        />
        <StatCard
          label="Code locations"
          tone={broken.length ? "fail" : "ok"}
          value={`${codeLocations.length - broken.length}/${codeLocations.length}`}
          hint={broken.length ? `${broken.length} failed to load` : "all loaded"}
          href="/locations/"
        />
      </div>
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", gap: 16 }}>
        <section className="card">
          <div className="card-header">
            <h2>In progress</h2>
            <Link href="/runs/?status=QUEUED,STARTING,STARTED,CANCELING" className="small">
              All →
            </Link>
          </div>
          {inProgress.length ? (
            <RunsTable runs={inProgress} compact />
          ) : (
            <EmptyState title="Nothing running">Runs appear here the moment they are launched.</EmptyState>
          )}
        </section>
        <section className="card">
          <div className="card-header">
            <h2>Recent failures</h2>
            <Link href="/runs/?status=FAILURE" className="small">
              All →
            </Link>
          </div>
          {failures.length ? <RunsTable runs={failures} compact /> : <EmptyState title="No failures in the last 24 hours" />}
        </section>
      </div>
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", gap: 16, marginTop: 16 }}>
        <section className="card">
          <div className="card-header">
            <h2>Run queue</h2>
            <span className="small muted">
              {instance.runQueue.queuedCount} queued · at most {instance.runQueue.maxConcurrentRuns} at once
            </span>
          </div>
          <QueuedRuns runs={instance.runQueue.queuedRuns} />
        </section>
        <section className="card">
          <div className="card-header">
            <h2>Daemon</h2>
            <span className="small muted">{instance.daemonRunning ? "running" : "not running"}</span>
          </div>
          <DaemonHealth loops={instance.daemonHealth ?? []} />
        </section>
      </div>
      <section className="card" style={{ marginTop: 16 }}>
        <div className="card-header">
          <h2>Latest runs</h2>
          <Link href="/runs/" className="small">
            All runs →
          </Link>
        </div>
        {data.recent.edges.length ? (
          <RunsTable runs={data.recent.edges.map((e) => e.node)} />
        ) : (
          <EmptyState title="No runs yet">
            <Link href="/jobs/">Launch a job</Link> or <Link href="/assets/">materialize assets</Link>.
          </EmptyState>
        )}
      </section>
    </>
  );
}
