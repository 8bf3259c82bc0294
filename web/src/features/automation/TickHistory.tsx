"use client";
// An instigator's recent ticks: when, what happened, the runs each launched, and errors in full.
import Link from "next/link";
import { useQuery } from "urql";
import { Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice } from "@/components/ui/Notice";
import {
  ScheduleTicksDocument,
  SensorTicksDocument,
  type ScheduleTicksQuery,
  type SensorTicksQuery,
} from "@/graphql/generated/graphql";
import { formatDateTime, formatRelative, shortId } from "@/lib/format";
import { usePolling } from "@/lib/usePolling";
import { TickStatusBadge } from "./TickStatusBadge";
import { runPath } from "@/lib/addresses";

const QUERIES = { schedule: ScheduleTicksDocument, sensor: SensorTicksDocument };

/** A failed tick's `error` (JSON in the API): the evaluation's serialized error. */
type TickError = { name?: string; message?: string; stack?: string } | null;

export function TickHistory({ kind, name }: { kind: "schedule" | "sensor"; name: string }) {
  const [{ data, error }, refetch] = useQuery<Partial<ScheduleTicksQuery & SensorTicksQuery>>({ query: QUERIES[kind] });
  usePolling(() => refetch({ requestPolicy: "network-only" }), 5000);
  if (error) return <ApiErrorNotice error={error} action="load ticks" />;
  if (!data) return <Loading label="Loading ticks…" />;
  const ticks =
    (data.schedules ?? data.sensors ?? [])
      .find((i) => i.name === name)
      ?.ticks.edges.map((e) => ({ ...e.node, error: e.node.error as TickError })) ?? [];
  if (!ticks.length)
    return (
      <div className="small muted" style={{ padding: "8px 0" }}>
        No ticks yet: they appear once the daemon evaluates this {kind} while it is on.
      </div>
    );
  return (
    <table className="table" data-testid={`ticks-${name}`} style={{ background: "var(--surface)" }}>
      <thead>
        <tr>
          <th>When</th>
          {kind === "schedule" && <th>Scheduled for</th>}
          <th>Result</th>
          <th>Runs</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {ticks.map((t) => (
          <tr key={t.id}>
            <td title={formatDateTime(t.timestamp)}>{formatRelative(t.timestamp)}</td>
            {kind === "schedule" && <td className="small">{formatDateTime(t.scheduledAt)}</td>}
            <td>
              <TickStatusBadge status={t.status} />
            </td>
            <td>
              {t.runIds.length ? (
                t.runIds.map((id) => (
                  <Link key={id} href={runPath(id)} className="mono" style={{ marginRight: 6 }}>
                    {shortId(id)}
                  </Link>
                ))
              ) : (
                <span className="faint">—</span>
              )}
            </td>
            <td className="small" style={{ maxWidth: 520 }}>
              {t.status === "FAILURE" ? (
                <details>
                  <summary style={{ color: "var(--fail)", cursor: "pointer" }}>
                    {t.errorMessage ?? t.error?.message ?? "failed"}
                  </summary>
                  {t.error?.stack && (
                    <pre className="mono" style={{ whiteSpace: "pre-wrap", fontSize: 11.5, color: "#7a271a" }}>
                      {t.error.stack}
                    </pre>
                  )}
                </details>
              ) : t.skipReason ? (
                <span className="muted">{t.skipReason}</span>
              ) : t.cursor ? (
                <span className="muted">
                  cursor <code>{t.cursor}</code>
                </span>
              ) : (
                <span className="faint">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
