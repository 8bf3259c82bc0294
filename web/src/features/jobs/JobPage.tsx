"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { useQuery } from "urql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { Tabs } from "@/components/ui/Tabs";
import { TagList } from "@/components/ui/TagList";
import { JobDocument } from "@/graphql/generated/graphql";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { useThrottled } from "@/lib/useThrottled";
import { StepGraph } from "@/features/run/StepGraph";
import { RunsTable } from "@/features/runs/RunsTable";
import type { StepTrack } from "@/features/run/stepTracks";
import { Launchpad } from "./Launchpad";
import { jobPath } from "@/lib/addresses";
import { useAddress } from "@/lib/useAddress";

export function JobPage() {
  const name = useAddress("job");
  const tab = useSearchParams()?.get("tab") === "launchpad" ? "launchpad" : "overview";
  const [{ data, error }, refetch] = useQuery({ query: JobDocument, variables: { name }, pause: !name });
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 500);
  useRunStatusChanges(() => refresh(), { job: name });
  const noTracks = useMemo(() => new Map<string, StepTrack>(), []);

  if (!name)
    return (
      <EmptyState title="No job selected">
        Pick one on the <Link href="/jobs/">Jobs</Link> page.
      </EmptyState>
    );
  if (!data) return error ? <ApiErrorNotice error={error} action="load this job" /> : <Loading />;
  const job = data.job;
  if (!job)
    return (
      <EmptyState title={`No job named “${name}”`}>
        It may have been removed from its code location. <Link href="/jobs/">All jobs</Link>
      </EmptyState>
    );
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href="/jobs/">Jobs</Link>
            <span className="faint">/</span>
            {job.locationName}
          </>
        }
        title={job.name}
        subtitle={
          <>
            {job.description && <span>{job.description}</span>}
            <TagList tags={job.tags} />
          </>
        }
        actions={
          tab === "overview" && (
            <Link className="btn btn-primary" href={jobPath(name, "launchpad")}>
              Open launchpad
            </Link>
          )
        }
      />
      <Tabs
        active={tab}
        items={[
          { id: "overview", label: "Overview", href: jobPath(name) },
          { id: "launchpad", label: "Launchpad", href: jobPath(name, "launchpad") },
        ]}
      />
      {tab === "launchpad" ? (
        <Launchpad job={job} />
      ) : (
        <div className="stack">
          <div className="card" style={{ overflow: "hidden" }}>
            <div className="card-header">
              <h2>Graph</h2>
              <span className="small muted">{job.steps.length} steps</span>
            </div>
            <StepGraph steps={job.steps} tracks={noTracks} selection={null} />
          </div>
          <div className="card">
            <div className="card-header">
              <h2>Recent runs</h2>
              <Link className="small" href={`/runs/?job=${encodeURIComponent(name)}`}>
                All runs of this job →
              </Link>
            </div>
            {data.runs.edges.length ? (
              <RunsTable runs={data.runs.edges.map((e) => e.node)} />
            ) : (
              <EmptyState title="Not run yet">Launch it from the launchpad.</EmptyState>
            )}
          </div>
        </div>
      )}
    </>
  );
}
