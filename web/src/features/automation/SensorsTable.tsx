"use client";
import Link from "next/link";
import type { Sensor } from "@/graphql/types";
import { SensorCursor } from "./SensorCursor";
import { InstigatorRow, InstigatorTable } from "./InstigatorRow";
import { jobPath } from "@/lib/addresses";

function SensorRow({ sensor, onChanged }: { sensor: Sensor; onChanged: () => void }) {
  return (
    <InstigatorRow kind="sensor" instigator={sensor} onChanged={onChanged}>
      <td>every {sensor.intervalSeconds} s</td>
      <td>
        <Link href={jobPath(sensor.jobName)}>{sensor.jobName}</Link>
      </td>
      <td>
        <SensorCursor name={sensor.name} cursor={sensor.cursor} onChanged={onChanged} />
      </td>
    </InstigatorRow>
  );
}

export function SensorsTable({ sensors, onChanged }: { sensors: Sensor[]; onChanged: () => void }) {
  return (
    <InstigatorTable kind="sensor" columns={["Interval", "Job", "Cursor"]}>
      {sensors.map((s) => (
        <SensorRow key={s.name} sensor={s} onChanged={onChanged} />
      ))}
    </InstigatorTable>
  );
}
