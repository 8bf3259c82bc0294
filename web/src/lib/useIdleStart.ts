"use client";
import { useEffect, useState } from "react";

/**
 * False until the browser first has a moment to spare after mounting (or `timeoutMs` passed): for
 * secondary data that must not compete with what the page opened for (a run's log, a graph).
 */
export function useIdleStart(timeoutMs = 1000): boolean {
  const [started, setStarted] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback === "function") {
      const id = window.requestIdleCallback(() => setStarted(true), { timeout: timeoutMs });
      return () => window.cancelIdleCallback(id);
    }
    const id = setTimeout(() => setStarted(true), Math.min(timeoutMs, 200));
    return () => clearTimeout(id);
  }, [timeoutMs]);
  return started;
}
