"use client";
// A schedule's or a sensor's table and row: on/off toggle, name, the kind's own cells (children), state,
// last tick, and the tick history a row opens.
import { Fragment, type ReactNode, useState } from "react";
import { ToneBadge } from "@/components/ui/StatusBadge";
import type { InstigatorTick } from "@/graphql/types";
import { formatDateTime, formatRelative } from "@/lib/format";
import { TickHistory } from "./TickHistory";
import { TickStatusBadge } from "./TickStatusBadge";
import { Toggle } from "./Toggle";
import { useInstigatorToggle } from "./useInstigatorToggle";

interface Instigator {
  name: string;
  status: string;
  lastTick: { edges: { node: Pick<InstigatorTick, "status" | "timestamp"> }[] };
}

export function InstigatorRow({
  kind,
  instigator,
  onChanged,
  children,
}: {
  kind: "schedule" | "sensor";
  instigator: Instigator;
  onChanged: () => void;
  /** The cells between the name and the state. */
  children: ReactNode;
}) {
  const { toggle, error, fetching } = useInstigatorToggle(kind, onChanged);
  const on = instigator.status === "RUNNING";
  const [open, setOpen] = useState(false);
  const last = instigator.lastTick.edges[0]?.node;
  return (
    <Fragment>
      <tr {...{ [`data-${kind}`]: instigator.name }}>
        <td>
          <Toggle
            on={on}
            disabled={fetching}
            onChange={(next) => toggle(instigator.name, next)}
            label={`${on ? "Stop" : "Start"} ${kind} ${instigator.name}`}
          />
        </td>
        <td>
          <div style={{ fontWeight: 600 }}>{instigator.name}</div>
          {error && (
            <div className="small" style={{ color: "var(--fail)" }} role="alert">
              {error}
            </div>
          )}
        </td>
        {children}
        <td>
          <ToneBadge tone={on ? "ok" : "queue"} label={on ? "Running" : "Stopped"} />
        </td>
        <td>
          {last ? (
            <span className="row">
              <TickStatusBadge status={last.status} />
              <span className="small muted" title={formatDateTime(last.timestamp)}>
                {formatRelative(last.timestamp)}
              </span>
            </span>
          ) : (
            <span className="faint small">no tick yet</span>
          )}
        </td>
        <td style={{ textAlign: "right" }}>
          <button className="btn btn-sm btn-ghost" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? "Hide ticks" : "Ticks"}
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={9} style={{ background: "var(--surface-2)", padding: "8px 16px 16px" }}>
            <TickHistory kind={kind} name={instigator.name} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** The table around InstigatorRows: the shared columns around the kind's own (`columns`). */
export function InstigatorTable({
  kind,
  columns,
  children,
}: {
  kind: "schedule" | "sensor";
  columns: string[];
  children: ReactNode;
}) {
  return (
    <table className="table" data-testid={`${kind}s-table`}>
      <thead>
        <tr>
          <th style={{ width: 60 }}>On</th>
          <th>{kind === "schedule" ? "Schedule" : "Sensor"}</th>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
          <th>State</th>
          <th>Last tick</th>
          <th />
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
