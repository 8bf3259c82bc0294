"use client";
import { useEffect, useRef } from "react";

/** Calls `tick` every `ms` while the tab is visible. */
export function usePolling(tick: () => void, ms: number): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") latest.current();
    }, ms);
    return () => clearInterval(id);
  }, [ms]);
}
