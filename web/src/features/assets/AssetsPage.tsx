"use client";
import { useSearchParams } from "next/navigation";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { Tabs } from "@/components/ui/Tabs";
import { AssetCatalog } from "./AssetCatalog";
import { AssetLineage } from "./AssetLineage";
import { useAssetGraph } from "./useAssetGraph";

export function AssetsPage() {
  const view = useSearchParams()?.get("view") === "lineage" ? "lineage" : "catalog";
  const { assets, edges, layout, states, error } = useAssetGraph();
  return (
    <>
      <PageHeader title="Assets" subtitle="The data your pipelines keep up to date, with where each piece came from." />
      <Tabs
        active={view}
        items={[
          { id: "catalog", label: "Catalog", href: "/assets/" },
          { id: "lineage", label: "Lineage", href: "/assets/?view=lineage" },
        ]}
      />
      {error && <ApiErrorNotice error={error} action="load assets" />}
      {!assets ? (
        <Loading label="Loading assets…" />
      ) : assets.length === 0 ? (
        <EmptyState title="No assets defined">
          Add <code>defineAsset</code> to a code location and reload it.
        </EmptyState>
      ) : view === "lineage" ? (
        <AssetLineage assets={assets} edges={edges} layout={layout} states={states} />
      ) : (
        <AssetCatalog assets={assets} states={states} />
      )}
    </>
  );
}
