// Run ids fixed by what requested the run (a sensor and its run key, a schedule tick and its request), so
// that a request made again, when a tick cut short by a crash is resumed, finds the run it launched
// before instead of launching a second one.
import { createHash } from "node:crypto";

/** A UUID (version 8, name-based) derived from the parts. */
export function requestRunId(...parts: string[]): string {
  const bytes = createHash("sha256").update(parts.join("\u0000")).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const sensorRequestRunId = (sensorName: string, runKey: string) => requestRunId("sensor", sensorName, runKey);

export const scheduleRequestRunId = (scheduleName: string, scheduledAt: Date, request: string) =>
  requestRunId("schedule", scheduleName, scheduledAt.toISOString(), request);
