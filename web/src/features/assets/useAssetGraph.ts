"use client";
// Every asset with its dependencies, latest materialization and live status (recent runs say which
// assets are being materialized or failed), refreshed whenever a run changes status.
import { useMemo } from "react";
import { useQuery } from "urql";
import { AssetGraphDocument } from "@/graphql/generated/graphql";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { useThrottled } from "@/lib/useThrottled";
import { assetState, type AssetState } from "./assetStatus";

export function useAssetGraph() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: AssetGraphDocument });
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 400);
  useRunStatusChanges(() => refresh());
  const states = useMemo(() => {
    const runs = data?.runs.edges.map((e) => e.node) ?? [];
    return new Map<string, AssetState>((data?.assetGraph.nodes ?? []).map((a) => [a.key, assetState(a, runs)]));
  }, [data]);
  return {
    assets: data?.assetGraph.nodes ?? null,
    edges: data?.assetGraph.edges ?? [],
    layout: data?.assetGraph.layout ?? null,
    states,
    error,
    fetching,
  };
}
