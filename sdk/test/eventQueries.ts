// Small readers over a run's events, so assertions say what they check.
import type { EventType, WeirEvent } from "../src/index.ts";

export function types(events: WeirEvent[], stepKey?: string): EventType[] {
  return events.filter((e) => stepKey === undefined || e.stepKey === stepKey).map((e) => e.type);
}

export function stepTypes(events: WeirEvent[], stepKey: string): EventType[] {
  return events.filter((e) => e.stepKey === stepKey && e.type !== "LOG").map((e) => e.type);
}

export function indexOf(events: WeirEvent[], type: EventType, stepKey?: string): number {
  return events.findIndex((e) => e.type === type && (stepKey === undefined || e.stepKey === stepKey));
}

export function find(events: WeirEvent[], type: EventType, stepKey?: string): WeirEvent {
  const e = events[indexOf(events, type, stepKey)];
  if (!e)
    throw new Error(
      `no ${type} event${stepKey ? ` for step ${stepKey}` : ""}; got ${events.map((x) => `${x.type}:${x.stepKey ?? ""}`).join(", ")}`,
    );
  return e;
}
