"use client";
import { useQuery } from "urql";
import { CodeLocationsDocument } from "@/graphql/generated/graphql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { usePolling } from "@/lib/usePolling";
import { LocationCard } from "./LocationCard";

export function LocationsPage() {
  const [{ data, error }, refetch] = useQuery({ query: CodeLocationsDocument });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  usePolling(refresh, 5000);
  return (
    <>
      <PageHeader title="Code locations" subtitle="The modules Weir loads your definitions from, each in its own process." />
      {error && <ApiErrorNotice error={error} action="load code locations" />}
      {!data ? (
        <Loading />
      ) : data.codeLocations.length === 0 ? (
        <EmptyState title="No code location">
          Start Weir with <code>--definitions path/to/definitions.ts</code>.
        </EmptyState>
      ) : (
        <div className="stack">
          {data.codeLocations.map((l) => (
            <LocationCard key={l.name} location={l} onReloaded={refresh} />
          ))}
        </div>
      )}
    </>
  );
}
