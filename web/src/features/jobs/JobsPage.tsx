"use client";
import Link from "next/link";
import { useQuery } from "urql";
import { JobsDocument } from "@/graphql/generated/graphql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { TagList } from "@/components/ui/TagList";
import { JobLatestRun } from "./JobLatestRun";
import { jobPath } from "@/lib/addresses";

export function JobsPage() {
  const [{ data, error }] = useQuery({ query: JobsDocument });
  return (
    <>
      <PageHeader title="Jobs" subtitle="Graphs of ops and assets you can launch with config." />
      {error && <ApiErrorNotice error={error} action="load jobs" />}
      <div className="card">
        {!data ? (
          <Loading />
        ) : data.jobs.length === 0 ? (
          <EmptyState title="No jobs defined">
            Add <code>defineJob</code> to a code location and reload it.
          </EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Location</th>
                <th className="num">Steps</th>
                <th>Tags</th>
                <th>Latest run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.jobs.map((job) => (
                <tr key={job.name} data-job={job.name}>
                  <td>
                    <Link href={jobPath(job.name)} style={{ fontWeight: 600 }}>
                      {job.name}
                    </Link>
                    {job.description && <div className="small muted">{job.description}</div>}
                  </td>
                  <td className="muted">{job.locationName}</td>
                  <td className="num">{job.steps.length}</td>
                  <td>
                    <TagList tags={job.tags} />
                  </td>
                  <td>
                    <JobLatestRun job={job.name} />
                  </td>
                  <td style={{ textAlign: "right" }}>
                    <Link className="btn btn-sm" href={jobPath(job.name, "launchpad")}>
                      Launchpad
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
