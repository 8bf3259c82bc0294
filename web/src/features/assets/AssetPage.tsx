"use client";
import Link from "next/link";
import { useQuery } from "urql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { AssetDocument } from "@/graphql/generated/graphql";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { formatDateTime, formatRelative, shortId } from "@/lib/format";
import { useAddress } from "@/lib/useAddress";
import { useThrottled } from "@/lib/useThrottled";
import { MaterializeNotice } from "./MaterializeNotice";
import { MetadataTable } from "./MetadataTable";
import { useMaterialize } from "./useMaterialize";
import { assetPath, runPath } from "@/lib/addresses";

function AssetLinks({ keys }: { keys: string[] }) {
  if (!keys.length) return <span className="faint">none</span>;
  return (
    <span className="row" style={{ flexWrap: "wrap", gap: 6 }}>
      {keys.map((k) => (
        <Link key={k} href={assetPath(k)} className="chip chip-mono">
          {k}
        </Link>
      ))}
    </span>
  );
}

export function AssetPage() {
  const key = useAddress("asset");
  const [{ data, error }, refetch] = useQuery({ query: AssetDocument, variables: { key }, pause: !key });
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 500);
  useRunStatusChanges(() => refresh());
  const { materialize, result, clear, fetching } = useMaterialize();

  if (!key)
    return (
      <EmptyState title="No asset selected">
        Pick one in the <Link href="/assets/">catalog</Link>.
      </EmptyState>
    );
  if (!data) return error ? <ApiErrorNotice error={error} action="load this asset" /> : <Loading />;
  const asset = data.asset;
  if (!asset) return <EmptyState title={`No asset “${key}”`}>It may have been removed from its code location.</EmptyState>;
  const history = asset.materializations.edges.map((e) => e.node);
  const latest = asset.latestMaterialization;
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href="/assets/">Assets</Link>
            <span className="faint">/</span>
            {asset.group}
          </>
        }
        title={
          <span className="mono" style={{ fontSize: 20 }}>
            {asset.key}
          </span>
        }
        subtitle={asset.description}
        actions={
          <button
            className="btn btn-primary"
            onClick={() => materialize([asset.key])}
            disabled={fetching}
            data-testid="materialize-asset"
          >
            Materialize
          </button>
        }
      />
      <MaterializeNotice result={result} onDismiss={clear} />
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) 360px", gap: 16, alignItems: "start" }}>
        <div className="stack">
          <section className="card">
            <div className="card-header">
              <h2>Latest materialization</h2>
              {latest && <span className="small muted">{formatDateTime(latest.timestamp)}</span>}
            </div>
            {latest ? (
              <MetadataTable metadata={latest.metadata} />
            ) : (
              <EmptyState title="Never materialized">Materialize it to record its first value.</EmptyState>
            )}
          </section>
          <section className="card">
            <div className="card-header">
              <h2>History</h2>
              <span className="small muted">{history.length} shown</span>
            </div>
            {history.length ? (
              <table className="table" data-testid="materialization-history">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Run</th>
                    <th>Run status</th>
                    <th>Partition</th>
                    <th>Metadata</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((m) => (
                    <tr key={m.id}>
                      <td title={formatDateTime(m.timestamp)}>{formatRelative(m.timestamp)}</td>
                      <td>
                        <Link href={runPath(m.runId)} className="mono">
                          {shortId(m.runId)}
                        </Link>
                      </td>
                      <td>
                        <StatusBadge status={m.run.status} />
                      </td>
                      <td className="muted">{m.partitionKey ?? "—"}</td>
                      <td
                        className="small muted mono"
                        style={{ maxWidth: 360, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                      >
                        {Object.entries(m.metadata as Record<string, unknown>)
                          .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
                          .join("  ")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <EmptyState title="No materializations yet" />
            )}
          </section>
        </div>
        <aside className="card card-body stack">
          <div>
            <h3>Group</h3>
            <div>{asset.group}</div>
          </div>
          <div>
            <h3>Code location</h3>
            <div>{asset.locationName}</div>
          </div>
          <div>
            <h3>Upstream</h3>
            <AssetLinks keys={asset.dependencies} />
          </div>
          <div>
            <h3>Downstream</h3>
            <AssetLinks keys={asset.dependents} />
          </div>
          <div>
            <h3>Retries</h3>
            <div>{asset.hasRetryPolicy ? "Retry policy set" : "No retry policy"}</div>
          </div>
        </aside>
      </div>
    </>
  );
}
