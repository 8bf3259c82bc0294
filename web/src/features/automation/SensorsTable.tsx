"use client";
import Link from "next/link";
import { ToneBadge } from "@/components/ui/StatusBadge";
import type { Sensor } from "@/graphql/types";
import { SensorCursor } from "./SensorCursor";
import { Fragment, useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import { TickHistory } from "./TickHistory";
import { TickStatusBadge } from "./TickStatusBadge";
import { Toggle } from "./Toggle";
import { useInstigatorToggle } from "./useInstigatorToggle";

function SensorRow({ sensor, onChanged }: { sensor: Sensor; onChanged: () => void }) {
  const { toggle, error, fetching } = useInstigatorToggle("sensor", onChanged);
  const on = sensor.status === "RUNNING";
  const [open, setOpen] = useState(false);
  const last = sensor.lastTick.edges[0]?.node;
  return (
    <Fragment>
      <tr data-sensor={sensor.name}>
        <td>
          <Toggle
            on={on}
            disabled={fetching}
            onChange={(next) => toggle(sensor.name, next)}
            label={`${on ? "Stop" : "Start"} sensor ${sensor.name}`}
          />
        </td>
        <td>
          <div style={{ fontWeight: 600 }}>{sensor.name}</div>
          {error && (
            <div className="small" style={{ color: "var(--fail)" }} role="alert">
              {error}
            </div>
          )}
        </td>
        <td>every {sensor.intervalSeconds} s</td>
        <td>
          <Link href={`/job/?name=${encodeURIComponent(sensor.jobName)}`}>{sensor.jobName}</Link>
        </td>
        <td>
          <SensorCursor name={sensor.name} cursor={sensor.cursor} onChanged={onChanged} />
        </td>
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
            <TickHistory kind="sensor" name={sensor.name} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function SensorsTable({ sensors, onChanged }: { sensors: Sensor[]; onChanged: () => void }) {
  return (
    <table className="table" data-testid="sensors-table">
      <thead>
        <tr>
          <th style={{ width: 60 }}>On</th>
          <th>Sensor</th>
          <th>Interval</th>
          <th>Job</th>
          <th>Cursor</th>
          <th>State</th>
          <th>Last tick</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {sensors.map((s) => (
          <SensorRow key={s.name} sensor={s} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}
