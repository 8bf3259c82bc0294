"use client";
import { useState } from "react";
import { useMutation } from "urql";
import {
  StartScheduleDocument,
  StartSensorDocument,
  StopScheduleDocument,
  StopSensorDocument,
} from "@/graphql/generated/graphql";

const MUTATIONS = {
  schedule: { start: StartScheduleDocument, stop: StopScheduleDocument },
  sensor: { start: StartSensorDocument, stop: StopSensorDocument },
};

/** Starts or stops a schedule or sensor, keeping the error (if any) for the row to show. */
export function useInstigatorToggle(kind: "schedule" | "sensor", onDone: () => void) {
  const [startState, start] = useMutation(MUTATIONS[kind].start);
  const [stopState, stop] = useMutation(MUTATIONS[kind].stop);
  const [error, setError] = useState<string | null>(null);
  const toggle = async (name: string, on: boolean) => {
    setError(null);
    const r = await (on ? start : stop)({ name });
    const data = r.data?.r;
    if (r.error) setError(r.error.message);
    else if (data && "message" in data && data.message) setError(data.message);
    onDone();
  };
  return { toggle, error, fetching: startState.fetching || stopState.fetching };
}
