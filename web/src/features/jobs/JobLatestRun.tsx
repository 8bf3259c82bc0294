"use client";
import Link from "next/link";
import { useQuery } from "urql";
import { JobLatestRunDocument } from "@/graphql/generated/graphql";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatRelative } from "@/lib/format";
import { runPath } from "@/lib/addresses";

export function JobLatestRun({ job }: { job: string }) {
  const [{ data }] = useQuery({ query: JobLatestRunDocument, variables: { job } });
  const run = data?.runs.edges[0]?.node;
  if (!data) return <span className="faint">…</span>;
  if (!run) return <span className="faint">Never run</span>;
  return (
    <Link href={runPath(run.id)} className="row" style={{ color: "inherit" }}>
      <StatusBadge status={run.status} />
      <span className="small muted">{formatRelative(run.createdAt)}</span>
    </Link>
  );
}
