"use client";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { TagList } from "@/components/ui/TagList";
import type { RunDetail } from "@/graphql/types";
import { formatDateTime, formatDuration, runDurationMs, shortId } from "@/lib/format";
import { isUnfinished } from "@/lib/runStatus";
import { useNow } from "@/lib/useNow";
import { jobLabel } from "@/features/jobs/jobLabel";
import styles from "./RunHeader.module.css";
import { jobPath, runPath } from "@/lib/addresses";

export function RunFacts({ run }: { run: RunDetail }) {
  const now = useNow(1000, isUnfinished(run.status));
  const facts: [string, React.ReactNode][] = [
    [
      "Run ID",
      <span key="id" className="mono" data-testid="run-id">
        {run.id}
      </span>,
    ],
    ["Created", formatDateTime(run.createdAt)],
    ["Duration", formatDuration(runDurationMs(run, now))],
    ["Launcher", run.launcher ?? "—"],
    ["Location", run.locationName ?? "—"],
  ];
  if (run.priority) facts.push(["Priority", String(run.priority)]);
  if (run.partitionKey) facts.push(["Partition", run.partitionKey]);
  if (run.parentRunId)
    facts.push([
      "Re-execution of",
      <Link key="p" className="mono" href={runPath(run.parentRunId)} data-testid="parent-run">
        {shortId(run.parentRunId)}
      </Link>,
    ]);
  if (run.rootRunId && run.rootRunId !== run.parentRunId)
    facts.push([
      "Root run",
      <Link key="r" className="mono" href={runPath(run.rootRunId)}>
        {shortId(run.rootRunId)}
      </Link>,
    ]);
  if (run.stepSelection) facts.push(["Steps", `${run.stepSelection.length} selected`]);
  return (
    <div className={styles.facts}>
      {facts.map(([label, value]) => (
        <div key={label} className={styles.fact}>
          <div className={styles.label}>{label}</div>
          <div className={styles.value}>{value}</div>
        </div>
      ))}
      {run.tags.length > 0 && (
        <div className={styles.fact} style={{ flexBasis: "100%" }}>
          <div className={styles.label}>Tags</div>
          <div className={styles.value}>
            <TagList tags={run.tags} max={20} />
          </div>
        </div>
      )}
    </div>
  );
}

export function RunTitle({ run }: { run: RunDetail }) {
  return (
    <>
      {run.assetSelection ? (
        jobLabel(run.jobName)
      ) : (
        <Link href={jobPath(run.jobName)} style={{ color: "inherit" }}>
          {run.jobName}
        </Link>
      )}
      <StatusBadge status={run.status} />
    </>
  );
}
