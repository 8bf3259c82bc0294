// Exit codes of a run worker, so a launcher can tell how a run ended even when its last events were lost.
import type { RunStatus } from "@weir/sdk";

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
/** A worker that could not load its code location or parse its request: no run events were emitted. */
export const EXIT_WORKER_ERROR = 2;
/** Canceled by SIGINT / SIGTERM (128 + signal number, as shells report it). */
export const EXIT_CANCELED_SIGINT = 130;
export const EXIT_CANCELED_SIGTERM = 143;

export function exitCodeForStatus(status: RunStatus | string, signal: "SIGINT" | "SIGTERM" = "SIGTERM"): number {
  if (status === "SUCCESS") return EXIT_SUCCESS;
  if (status === "CANCELED") return signal === "SIGINT" ? EXIT_CANCELED_SIGINT : EXIT_CANCELED_SIGTERM;
  return EXIT_FAILURE;
}
