"use client";
import Link from "next/link";
import type { Sensor } from "@/graphql/types";
import { SensorCursor } from "./SensorCursor";
import { InstigatorRow } from "./InstigatorRow";

function SensorRow({ sensor, onChanged }: { sensor: Sensor; onChanged: () => void }) {
  return (
    <InstigatorRow kind="sensor" instigator={sensor} onChanged={onChanged}>
      <td>every {sensor.intervalSeconds} s</td>
      <td>
        <Link href={`/job/?name=${encodeURIComponent(sensor.jobName)}`}>{sensor.jobName}</Link>
      </td>
      <td>
        <SensorCursor name={sensor.name} cursor={sensor.cursor} onChanged={onChanged} />
      </td>
    </InstigatorRow>
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
