"use client";
import Link from "next/link";
import { ToneBadge } from "@/components/ui/StatusBadge";
import type { Schedule } from "@/graphql/types";
import { cronText } from "./cronText";
import { Fragment, useState } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import { TickHistory } from "./TickHistory";
import { TickStatusBadge } from "./TickStatusBadge";
import { Toggle } from "./Toggle";
import { useInstigatorToggle } from "./useInstigatorToggle";

function ScheduleRow({ schedule, onChanged }: { schedule: Schedule; onChanged: () => void }) {
  const { toggle, error, fetching } = useInstigatorToggle("schedule", onChanged);
  const on = schedule.status === "RUNNING";
  const [open, setOpen] = useState(false);
  const last = schedule.lastTick.edges[0]?.node;
  return (
    <Fragment>
      <tr data-schedule={schedule.name}>
        <td>
          <Toggle
            on={on}
            disabled={fetching}
            onChange={(next) => toggle(schedule.name, next)}
            label={`${on ? "Stop" : "Start"} schedule ${schedule.name}`}
          />
        </td>
        <td>
          <div style={{ fontWeight: 600 }}>{schedule.name}</div>
          {error && (
            <div className="small" style={{ color: "var(--fail)" }} role="alert">
              {error}
            </div>
          )}
        </td>
        <td>
          <div>{cronText(schedule.cron)}</div>
          <div className="small muted">
            <code>{schedule.cron}</code> · {schedule.timezone}
          </div>
          {schedule.nextTick && (
            <div className="small" title={formatDateTime(schedule.nextTick)}>
              next {formatRelative(schedule.nextTick)}
            </div>
          )}
        </td>
        <td>
          <Link href={`/job/?name=${encodeURIComponent(schedule.jobName)}`}>{schedule.jobName}</Link>
        </td>
        <td className="muted">{schedule.locationName}</td>
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
            <TickHistory kind="schedule" name={schedule.name} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function SchedulesTable({ schedules, onChanged }: { schedules: Schedule[]; onChanged: () => void }) {
  return (
    <table className="table" data-testid="schedules-table">
      <thead>
        <tr>
          <th style={{ width: 60 }}>On</th>
          <th>Schedule</th>
          <th>When</th>
          <th>Job</th>
          <th>Location</th>
          <th>State</th>
          <th>Last tick</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {schedules.map((s) => (
          <ScheduleRow key={s.name} schedule={s} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}
