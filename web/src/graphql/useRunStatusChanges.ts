"use client";
// Calls back on every run status change the API publishes; after a lost websocket comes back it calls
// back once with null, so lists refetch what they missed while offline.
import { useEffect, useRef } from "react";
import type { RunStatus, RunSummary } from "./types";
import { useWsClient } from "./WeirProvider";
import { RUN_SUMMARY_FIELDS } from "./fragments";

export interface RunStatusChange {
  runId: string;
  status: RunStatus;
  previousStatus: RunStatus | null;
  run: RunSummary | null;
}

const SUBSCRIPTION = `subscription($filter: RunsFilter) { runStatusChanged(filter: $filter) { runId status previousStatus run { ${RUN_SUMMARY_FIELDS} } } }`;

export function useRunStatusChanges(onChange: (change: RunStatusChange | null) => void, filter?: Record<string, unknown>): void {
  const ws = useWsClient();
  const latest = useRef(onChange);
  latest.current = onChange;
  const filterKey = JSON.stringify(filter ?? null);
  useEffect(() => {
    let connectedOnce = false;
    const offConnected = ws.on("connected", () => {
      if (connectedOnce) latest.current(null);
      connectedOnce = true;
    });
    const dispose = ws.subscribe<{ runStatusChanged: RunStatusChange }>(
      { query: SUBSCRIPTION, variables: { filter: JSON.parse(filterKey) } },
      {
        next: (message) => message.data && latest.current(message.data.runStatusChanged),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    return () => {
      offConnected();
      dispose();
    };
  }, [ws, filterKey]);
}
