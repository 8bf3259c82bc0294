"use client";
import Link from "next/link";
import { useQuery } from "urql";
import { StatusBadge } from "@/components/ui/StatusBadge";
import type { Connection, RunSummary } from "@/graphql/types";
import { formatRelative } from "@/lib/format";

const QUERY = `query($job: String!) { runs(filter: { job: $job }, first: 1) { edges { node { id status createdAt } } } }`;

export function JobLatestRun({ job }: { job: string }) {
  const [{ data }] = useQuery<{ runs: Connection<Pick<RunSummary, "id" | "status" | "createdAt">> }>({ query: QUERY, variables: { job } });
  const run = data?.runs.edges[0]?.node;
  if (!data) return <span className="faint">…</span>;
  if (!run) return <span className="faint">Never run</span>;
  return (
    <Link href={`/run/?id=${run.id}`} className="row" style={{ color: "inherit" }}>
      <StatusBadge status={run.status} />
      <span className="small muted">{formatRelative(run.createdAt)}</span>
    </Link>
  );
}
