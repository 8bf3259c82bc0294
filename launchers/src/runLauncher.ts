// The narrow interface every run launcher implements (in-process, subprocess, docker, or a user's module).
import type { WeirEvent } from "@weir/sdk";

/** What a launcher needs to start one run's worker. */
export interface LaunchRequest {
  runId: string;
  /**
   * Code location that holds the job: its name and the module file that default-exports the
   * definitions. `version` changes when the location is reloaded, so a launcher that caches the
   * imported module (in-process) imports it afresh; without it, the file's mtime decides.
   */
  location: { name: string; file: string; version?: string };
  target: { job: string } | { assets: string[] };
  config: unknown;
  tags: Record<string, string>;
  /** Steps a re-execution runs; null runs every step. */
  stepSelection: string[] | null;
  parentRunId: string | null;
  partitionKey: string | null;
  /** Sequence number the worker gives its first event (the store already holds the ones before). */
  firstSeq: number;
  instanceDir: string;
}

export interface WorkerExit {
  exitCode?: number | null;
  signal?: string | null;
  /** Last lines the worker wrote to stderr outside any step. */
  stderrTail?: string;
  /** A launcher-level failure (engine down, image missing...) that kept the worker from running. */
  error?: Error;
}

/** Where a launcher delivers what its worker reports. */
export interface LaunchHooks {
  /** Every event the worker emits, in order. */
  onEvent(event: WeirEvent): void;
  /** The worker ended; called once, after its last event was delivered. */
  onExit(exit: WorkerExit): void;
}

export interface WorkerHealth {
  status: "RUNNING" | "EXITED" | "NOT_FOUND";
  detail?: string;
}

/** What a restarted server knows of a run a worker may still be executing. */
export interface ReattachRequest {
  runId: string;
  /** What launch() returned for the run (container id, pid), as stored on the run. */
  workerInfo: Record<string, unknown> | null;
  /** Highest seq the store holds for the run: events up to it are not delivered again. */
  afterSeq: number;
}

export interface RunLauncher {
  readonly name: string;
  /** Starts the worker and resolves once it is started; returns what finds it again (pid, container id). */
  launch(request: LaunchRequest, hooks: LaunchHooks): Promise<{ workerInfo?: Record<string, unknown> }>;
  /** Asks the worker to stop (abort in-process, SIGTERM then SIGKILL, stop then kill). False when unknown. */
  terminate(runId: string): Promise<boolean>;
  checkHealth(runId: string): Promise<WorkerHealth>;
  /**
   * Optional: after a server restart, finds the run's worker again and delivers its events after
   * `afterSeq`, then its exit, through `hooks`. Resolves false when no worker of the run exists.
   */
  reattach?(request: ReattachRequest, hooks: LaunchHooks): Promise<boolean>;
  /** Settings shown by `instance { launcher }`, with secrets redacted. */
  describe(): Record<string, unknown>;
  dispose(): Promise<void>;
}
