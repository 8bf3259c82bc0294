"use client";
import { useState } from "react";
import { useMutation } from "urql";
import { ERROR_FIELDS } from "@/graphql/fragments";

const MUTATIONS = {
  schedule: {
    start: `mutation($name: String!) { r: startSchedule(name: $name) { __typename ... on Schedule { name status } ${ERROR_FIELDS} } }`,
    stop: `mutation($name: String!) { r: stopSchedule(name: $name) { __typename ... on Schedule { name status } ${ERROR_FIELDS} } }`,
  },
  sensor: {
    start: `mutation($name: String!) { r: startSensor(name: $name) { __typename ... on Sensor { name status } ${ERROR_FIELDS} } }`,
    stop: `mutation($name: String!) { r: stopSensor(name: $name) { __typename ... on Sensor { name status } ${ERROR_FIELDS} } }`,
  },
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
