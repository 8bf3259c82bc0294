// Each step's state and attempts, derived from a run's STEP_* events (the timeline and the step graph
// both read this; it stays correct while events stream in).
import type { RunEvent } from "@/graphql/types";
import type { SerializedError } from "./serializedError";
import type { StepState } from "@/lib/runStatus";

export type AttemptOutcome = "running" | "success" | "failure" | "retry" | "canceled";

export interface StepAttempt {
  attempt: number;
  start: number;
  end: number | null;
  outcome: AttemptOutcome;
}

export interface StepTrack {
  key: string;
  state: StepState;
  attempts: StepAttempt[];
  error: SerializedError | null;
}

const END_OF_RUN = new Set(["RUN_SUCCESS", "RUN_FAILURE", "RUN_CANCELED"]);

export function deriveStepTracks(
  events: readonly RunEvent[],
  stepKeys: readonly string[],
): { tracks: Map<string, StepTrack>; runStart: number | null; runEnd: number | null } {
  const tracks = new Map<string, StepTrack>();
  for (const key of stepKeys) tracks.set(key, { key, state: "pending", attempts: [], error: null });
  let runStart: number | null = null;
  let runEnd: number | null = null;
  const track = (key: string) => {
    let t = tracks.get(key);
    if (!t) tracks.set(key, (t = { key, state: "pending", attempts: [], error: null }));
    return t;
  };
  const open = (t: StepTrack, at: number) => {
    const last = t.attempts[t.attempts.length - 1];
    if (last && last.end === null) return;
    t.attempts.push({ attempt: t.attempts.length + 1, start: at, end: null, outcome: "running" });
    t.state = "running";
  };
  const close = (t: StepTrack, at: number, outcome: AttemptOutcome) => {
    const last = t.attempts[t.attempts.length - 1];
    if (last && last.end === null) {
      last.end = at;
      last.outcome = outcome;
    }
  };

  for (const event of events) {
    const at = new Date(event.timestamp).getTime();
    if (event.type === "RUN_START" || (runStart === null && event.type === "STEP_START")) runStart ??= at;
    if (END_OF_RUN.has(event.type)) {
      runEnd = at;
      for (const t of tracks.values()) {
        if (t.attempts.some((a) => a.end === null)) {
          close(t, at, "canceled");
          t.state = "canceled";
        }
      }
      continue;
    }
    if (!event.stepKey || !event.type.startsWith("STEP_")) continue;
    const t = track(event.stepKey);
    switch (event.type) {
      case "STEP_START":
      case "STEP_RESTARTED":
        open(t, at);
        break;
      case "STEP_UP_FOR_RETRY":
        close(t, at, "retry");
        t.state = "retrying";
        break;
      case "STEP_SUCCESS":
        close(t, at, "success");
        t.state = "success";
        break;
      case "STEP_FAILURE":
        close(t, at, "failure");
        t.state = "failure";
        t.error = (event.data?.error as SerializedError | undefined) ?? null;
        break;
      case "STEP_SKIPPED":
        t.state = "skipped";
        break;
    }
  }
  return { tracks, runStart, runEnd };
}
