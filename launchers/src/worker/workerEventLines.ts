// Reads a run worker's event channel (NDJSON on its stdout) for the subprocess and docker launchers:
// each line is an event for the launch hooks; a line that is not JSON is kept in the stderr tail for
// the exit report rather than dropped silently.
import type { WeirEvent } from "@weir/sdk";
import { createLineSplitter, type LineSplitter } from "./lineSplitter.ts";
import type { OutputTail } from "./outputTail.ts";
import type { LaunchHooks } from "../runLauncher.ts";

export interface WorkerEventLinesOptions {
  launcherName: string;
  runId: string;
  hooks: LaunchHooks;
  stderr: OutputTail;
  /** Events the store already holds (a reattached stream read from its start) are skipped. */
  afterSeq?: number;
}

export function createWorkerEventLines({ launcherName, runId, hooks, stderr, afterSeq = 0 }: WorkerEventLinesOptions): LineSplitter {
  return createLineSplitter((line) => {
    if (line.length === 0) return;
    let event: WeirEvent;
    try {
      event = JSON.parse(line) as WeirEvent;
    } catch {
      stderr.push(`[stdout, not an event] ${line.slice(0, 1000)}\n`);
      return;
    }
    if (typeof event.seq === "number" && event.seq <= afterSeq) return;
    try {
      hooks.onEvent(event);
    } catch (error) {
      console.error(`${launcherName} launcher: onEvent of run ${runId} threw`, error);
    }
  });
}
