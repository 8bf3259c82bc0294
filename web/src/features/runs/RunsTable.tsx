"use client";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { TagList } from "@/components/ui/TagList";
import type { RunSummary } from "@/graphql/types";
import { formatDateTime, formatDuration, formatRelative, runDurationMs, shortId } from "@/lib/format";
import { isUnfinished } from "@/lib/runStatus";
import { useNow } from "@/lib/useNow";
import { jobLabel } from "@/features/jobs/jobLabel";
import { jobPath, runPath } from "@/lib/addresses";

export function RunsTable({ runs, compact = false }: { runs: RunSummary[]; compact?: boolean }) {
  const now = useNow(
    1000,
    runs.some((r) => isUnfinished(r.status)),
  );
  return (
    <table className="table" data-testid="runs-table">
      <thead>
        <tr>
          <th>Status</th>
          <th>Run</th>
          <th>Job</th>
          {!compact && <th>Launcher</th>}
          <th>Created</th>
          <th className="num">Duration</th>
          {!compact && <th>Tags</th>}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id}>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td>
              <Link href={runPath(run.id)} className="mono">
                {shortId(run.id)}
              </Link>
            </td>
            <td>
              <div>
                {run.assetSelection ? (
                  <span>{jobLabel(run.jobName)}</span>
                ) : (
                  <Link href={jobPath(run.jobName)}>{run.jobName}</Link>
                )}
              </div>
              {run.assetSelection && (
                <div className="small muted">
                  {run.assetSelection.length === 1 ? run.assetSelection[0] : `${run.assetSelection.length} assets`}
                </div>
              )}
            </td>
            {!compact && <td className="muted">{run.launcher ?? "—"}</td>}
            <td className="nowrap" title={formatDateTime(run.createdAt)}>
              {formatRelative(run.createdAt, now)}
            </td>
            <td className="num nowrap">{formatDuration(runDurationMs(run, now))}</td>
            {!compact && (
              <td>
                <TagList tags={run.tags} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
