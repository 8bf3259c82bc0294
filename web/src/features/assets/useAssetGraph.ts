"use client";
// Every asset with its dependencies, latest materialization and live status (recent runs say which
// assets are being materialized or failed), refreshed whenever a run changes status.
import { useMemo } from "react";
import { useQuery } from "urql";
import { ASSET_FIELDS, RUN_SUMMARY_FIELDS } from "@/graphql/fragments";
import type { Asset, AssetGraphLayout, Connection, RunSummary } from "@/graphql/types";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { useThrottled } from "@/lib/useThrottled";
import { assetState, type AssetState } from "./assetStatus";

const QUERY = `{
  assetGraph { nodes { ${ASSET_FIELDS} } edges { from to } layout { nodeWidth nodeHeight positions { key x y } } }
  runs(first: 100) { edges { node { ${RUN_SUMMARY_FIELDS} } } }
}`;

export function useAssetGraph() {
  const [{ data, error, fetching }, refetch] = useQuery<{ assetGraph: { nodes: Asset[]; edges: { from: string; to: string }[]; layout: AssetGraphLayout | null }; runs: Connection<RunSummary> }>({ query: QUERY });
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 400);
  useRunStatusChanges(() => refresh());
  const states = useMemo(() => {
    const runs = data?.runs.edges.map((e) => e.node) ?? [];
    return new Map<string, AssetState>((data?.assetGraph.nodes ?? []).map((a) => [a.key, assetState(a, runs)]));
  }, [data]);
  return { assets: data?.assetGraph.nodes ?? null, edges: data?.assetGraph.edges ?? [], layout: data?.assetGraph.layout ?? null, states, error, fetching };
}
