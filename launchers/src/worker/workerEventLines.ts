// A run worker's event channel (NDJSON on its stdout): how the worker writes each event as one line, and
// how the subprocess and docker launchers read them back. Each line read is an event for the launch
// hooks; a line that is not JSON is kept in the stderr tail for the exit report rather than dropped
// silently.
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

/**
 * One event as its NDJSON line. An event JSON cannot hold (a BigInt or a cycle in its data, a message too
 * long for one string) still becomes a line, with its data replaced by the reason, so the run's seqs stay
 * contiguous and the server stores what happened; the server caps each event's size (eventEncoding.ts).
 */
export function encodeEventLine(event: WeirEvent): string {
  try {
    return `${JSON.stringify(event)}\n`;
  } catch (error) {
    const problem = `event ${event.seq} (${event.type}) of run ${event.runId} could not be encoded as JSON: ${(error as Error).message}`;
    const message =
      typeof event.message === "string" && event.message.length <= 1024 * 1024
        ? event.message
        : `${String(event.message).slice(0, 1024 * 1024)} … [truncated]`;
    return `${JSON.stringify({ ...event, message, data: { encodingError: problem } })}\n`;
  }
}

export function createWorkerEventLines({
  launcherName,
  runId,
  hooks,
  stderr,
  afterSeq = 0,
}: WorkerEventLinesOptions): LineSplitter {
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
