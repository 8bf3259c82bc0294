"use client";
import Link from "next/link";
import type { Schedule } from "@/graphql/types";
import { cronText } from "./cronText";
import { formatDateTime, formatRelative } from "@/lib/format";
import { InstigatorRow, InstigatorTable } from "./InstigatorRow";
import { jobPath } from "@/lib/addresses";

function ScheduleRow({ schedule, onChanged }: { schedule: Schedule; onChanged: () => void }) {
  return (
    <InstigatorRow kind="schedule" instigator={schedule} onChanged={onChanged}>
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
        <Link href={jobPath(schedule.jobName)}>{schedule.jobName}</Link>
      </td>
      <td className="muted">{schedule.locationName}</td>
    </InstigatorRow>
  );
}

export function SchedulesTable({ schedules, onChanged }: { schedules: Schedule[]; onChanged: () => void }) {
  return (
    <InstigatorTable kind="schedule" columns={["When", "Job", "Location"]}>
      {schedules.map((s) => (
        <ScheduleRow key={s.name} schedule={s} onChanged={onChanged} />
      ))}
    </InstigatorTable>
  );
}
