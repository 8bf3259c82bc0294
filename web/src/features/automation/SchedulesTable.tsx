"use client";
import Link from "next/link";
import { ToneBadge } from "@/components/ui/StatusBadge";
import type { Schedule } from "@/graphql/types";
import { cronText } from "./cronText";
import { Toggle } from "./Toggle";
import { useInstigatorToggle } from "./useInstigatorToggle";

function ScheduleRow({ schedule, onChanged }: { schedule: Schedule; onChanged: () => void }) {
  const { toggle, error, fetching } = useInstigatorToggle("schedule", onChanged);
  const on = schedule.status === "RUNNING";
  return (
    <tr data-schedule={schedule.name}>
      <td><Toggle on={on} disabled={fetching} onChange={(next) => toggle(schedule.name, next)} label={`${on ? "Stop" : "Start"} schedule ${schedule.name}`} /></td>
      <td>
        <div style={{ fontWeight: 600 }}>{schedule.name}</div>
        {error && <div className="small" style={{ color: "var(--fail)" }} role="alert">{error}</div>}
      </td>
      <td>
        <div>{cronText(schedule.cron)}</div>
        <div className="small muted"><code>{schedule.cron}</code> · {schedule.timezone}</div>
      </td>
      <td><Link href={`/job/?name=${encodeURIComponent(schedule.jobName)}`}>{schedule.jobName}</Link></td>
      <td className="muted">{schedule.locationName}</td>
      <td><ToneBadge tone={on ? "ok" : "queue"} label={on ? "Running" : "Stopped"} /></td>
    </tr>
  );
}

export function SchedulesTable({ schedules, onChanged }: { schedules: Schedule[]; onChanged: () => void }) {
  return (
    <table className="table" data-testid="schedules-table">
      <thead><tr><th style={{ width: 60 }}>On</th><th>Schedule</th><th>When</th><th>Job</th><th>Location</th><th>State</th></tr></thead>
      <tbody>{schedules.map((s) => <ScheduleRow key={s.name} schedule={s} onChanged={onChanged} />)}</tbody>
    </table>
  );
}
