"use client";
// Calls back on every run status change the API publishes; after a lost websocket comes back it calls
// back once with null, so lists refetch what they missed while offline.
import { useEffect, useRef } from "react";
import { stringifyDocument } from "@urql/core";
import { RunStatusChangesDocument, type RunStatusChangesSubscription } from "./generated/graphql";
import { useWsClient } from "./WeirProvider";

export type RunStatusChange = RunStatusChangesSubscription["runStatusChanged"];

const SUBSCRIPTION = stringifyDocument(RunStatusChangesDocument);

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
    const dispose = ws.subscribe<RunStatusChangesSubscription>(
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
