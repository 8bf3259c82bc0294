// Which events the log shows for the chosen levels, type, step and text.
import type { EventType, LogLevel, RunEvent } from "@/graphql/types";

export interface LogFilter {
  levels: LogLevel[];
  type: EventType | "" | "ERRORS";
  step: string;
  text: string;
}

export const DEFAULT_LOG_FILTER: LogFilter = { levels: ["INFO", "WARNING", "ERROR", "DEBUG"], type: "", step: "", text: "" };

export function eventMatches(event: RunEvent, filter: LogFilter, text: string): boolean {
  if (event.level && !filter.levels.includes(event.level)) return false;
  if (filter.type === "ERRORS") {
    if (event.level !== "ERROR" && !event.type.endsWith("_FAILURE") && event.data?.source !== "stderr") return false;
  } else if (filter.type && event.type !== filter.type) return false;
  if (filter.step && event.stepKey !== filter.step) return false;
  if (text && !event.message.toLowerCase().includes(text) && !(event.stepKey ?? "").toLowerCase().includes(text)) return false;
  return true;
}

/** Indices into `events` of the events that match, appended incrementally from `from`. */
export function filterIndices(events: readonly RunEvent[], filter: LogFilter, from = 0, into: number[] = []): number[] {
  const text = filter.text.trim().toLowerCase();
  for (let i = from; i < events.length; i++) if (eventMatches(events[i]!, filter, text)) into.push(i);
  return into;
}
