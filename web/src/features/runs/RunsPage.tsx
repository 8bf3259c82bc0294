"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { useQuery } from "urql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { RunsDocument } from "@/graphql/generated/graphql";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { useThrottled } from "@/lib/useThrottled";
import { RunsFilters } from "./RunsFilters";
import { RunsTable } from "./RunsTable";
import { readRunsFilter, toApiFilter, writeRunsFilter, type RunsFilterState } from "./runsFilterParams";

const PAGE = 25;

export function RunsPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = readRunsFilter(new URLSearchParams(params?.toString() ?? ""));
  const stateKey = writeRunsFilter(state);
  const variables = useMemo(() => {
    const filter = toApiFilter(state, Math.floor(Date.now() / 60_000) * 60_000);
    const page = state.before ? { last: PAGE, before: state.before } : { first: PAGE, after: state.after || null };
    return { filter, ...page };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stateKey]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: RunsDocument, variables });
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 400);
  useRunStatusChanges(() => refresh());

  const navigate = (next: RunsFilterState) => router.replace(`${pathname}${writeRunsFilter(next)}`, { scroll: false });
  const runs = data?.runs.edges.map((e) => e.node) ?? [];
  const pageInfo = data?.runs.pageInfo;
  const onFirstPage = !state.after && !state.before;
  const hasOlder = state.before ? true : Boolean(pageInfo?.hasNextPage);
  const hasNewer = state.before ? Boolean(pageInfo?.hasPreviousPage) : !onFirstPage;

  return (
    <>
      <PageHeader title="Runs" subtitle="Every run of every job, newest first. Rows update live." />
      {error && <ApiErrorNotice error={error} action="load runs" />}
      <div className="card">
        <RunsFilters value={state} onChange={navigate} />
        {!data && fetching ? (
          <Loading label="Loading runs…" />
        ) : runs.length === 0 ? (
          <EmptyState title="No runs match these filters">Launch a job from the Jobs page, or clear the filters.</EmptyState>
        ) : (
          <RunsTable runs={runs} />
        )}
        <div className="row" style={{ justifyContent: "flex-end", padding: "10px 16px", borderTop: "1px solid var(--border)" }}>
          <button
            className="btn btn-sm"
            disabled={!hasNewer}
            onClick={() => navigate({ ...state, after: "", before: onFirstPage ? "" : (pageInfo?.startCursor ?? "") })}
          >
            ← Newer
          </button>
          <button
            className="btn btn-sm"
            disabled={!hasOlder || !pageInfo?.endCursor}
            onClick={() => navigate({ ...state, before: "", after: pageInfo?.endCursor ?? "" })}
          >
            Older →
          </button>
        </div>
      </div>
    </>
  );
}
