// TypeScript shapes of what the UI selects from schema.graphql.
export type RunStatus = "QUEUED" | "STARTING" | "STARTED" | "SUCCESS" | "FAILURE" | "CANCELING" | "CANCELED";
export const RUN_STATUSES: RunStatus[] = ["QUEUED", "STARTING", "STARTED", "SUCCESS", "FAILURE", "CANCELING", "CANCELED"];
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";
export const LOG_LEVELS: LogLevel[] = ["DEBUG", "INFO", "WARNING", "ERROR"];
export type EventType =
  | "RUN_ENQUEUED" | "RUN_DEQUEUED" | "RUN_STARTING" | "RUN_START" | "RUN_SUCCESS" | "RUN_FAILURE" | "RUN_CANCELING"
  | "RUN_CANCELED" | "STEP_START" | "STEP_SUCCESS" | "STEP_FAILURE" | "STEP_SKIPPED" | "STEP_UP_FOR_RETRY"
  | "STEP_RESTARTED" | "STEP_OUTPUT" | "ASSET_MATERIALIZATION" | "ASSET_CHECK_EVALUATION" | "LOG" | "ENGINE_EVENT";
export const EVENT_TYPES: EventType[] = [
  "RUN_ENQUEUED", "RUN_DEQUEUED", "RUN_STARTING", "RUN_START", "RUN_SUCCESS", "RUN_FAILURE", "RUN_CANCELING",
  "RUN_CANCELED", "STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED", "STEP_UP_FOR_RETRY",
  "STEP_RESTARTED", "STEP_OUTPUT", "ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION", "LOG", "ENGINE_EVENT",
];

export interface Tag { key: string; value: string }

export interface StepStats {
  stepKey: string;
  status: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
}

export interface RunSummary {
  id: string;
  jobName: string;
  status: RunStatus;
  launcher: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  tags: Tag[];
  assetSelection: string[] | null;
}

export interface RunDetail extends RunSummary {
  locationName: string | null;
  config: unknown;
  canTerminate: boolean;
  failureReason: string | null;
  parentRunId: string | null;
  rootRunId: string | null;
  priority: number;
  partitionKey: string | null;
  stepSelection: string[] | null;
  steps: StepStats[];
}

export interface RunEvent {
  seq: number;
  type: EventType;
  stepKey: string | null;
  level: LogLevel | null;
  message: string;
  timestamp: string;
  data: Record<string, unknown> | null;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
}

export interface JobStep { key: string; kind: string; dependsOn: string[] }

export interface Job {
  name: string;
  description: string | null;
  locationName: string;
  isAssetJob: boolean;
  tags: Tag[];
  steps: JobStep[];
}

export interface JobWithConfig extends Job {
  configSchema: Record<string, unknown>;
  defaultConfig: unknown;
}

export interface Materialization {
  id: string;
  assetKey: string;
  runId: string;
  stepKey: string;
  partitionKey: string | null;
  timestamp: string;
  metadata: Record<string, unknown>;
  run: { id: string; status: RunStatus; jobName: string };
}

export interface Asset {
  key: string;
  group: string;
  description: string | null;
  locationName: string;
  dependencies: string[];
  dependents: string[];
  hasRetryPolicy: boolean;
  latestMaterialization: Materialization | null;
}

/** The lineage as the server laid it out, for nodes of the given size. */
export interface AssetGraphLayout {
  nodeWidth: number;
  nodeHeight: number;
  positions: { key: string; x: number; y: number }[];
}

export type InstigatorStatus = "RUNNING" | "STOPPED";

export type TickStatus = "STARTED" | "SUCCESS" | "SKIPPED" | "FAILURE";

export interface InstigatorTick {
  id: string;
  status: TickStatus;
  timestamp: string;
  scheduledAt: string | null;
  endedAt: string | null;
  runIds: string[];
  skipReason: string | null;
  errorMessage: string | null;
  error: { name?: string; message?: string; stack?: string } | null;
  cursor: string | null;
}

export interface Schedule {
  nextTick: string | null;
  lastTick: Connection<InstigatorTick>;
  name: string;
  cron: string;
  timezone: string;
  jobName: string;
  locationName: string;
  status: InstigatorStatus;
}

export interface Sensor {
  lastTick: Connection<InstigatorTick>;
  name: string;
  intervalSeconds: number;
  jobName: string;
  locationName: string;
  status: InstigatorStatus;
  cursor: string | null;
}

export interface CodeLocation {
  name: string;
  file: string;
  status: "LOADED" | "LOADING" | "ERROR";
  loadedAt: string | null;
  assetKeys: string[];
  jobs: { name: string; isAssetJob: boolean }[];
  error: { message: string; file: string | null; line: number | null; column: number | null; stack: string | null } | null;
}

export interface DaemonLoopHealth {
  daemonId: string;
  loopName: string;
  label: string;
  description: string | null;
  healthy: boolean;
  lastHeartbeat: string;
  lastError: string | null;
}

export interface QueuedRun {
  runId: string;
  priority: number;
  createdAt: string;
  reason: string;
  waitKind: "MAX_CONCURRENT_RUNS" | "TAG_CONCURRENCY_LIMIT" | null;
}

export interface Instance {
  daemonRunning: boolean;
  daemonHealth?: DaemonLoopHealth[];
  instanceDir: string;
  launcher: { name: string };
  storage: { kind: string; location: string };
  runQueue: { queuedCount: number; inProgressCount: number; maxConcurrentRuns: number };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
}

/** Members of the mutation result unions that carry an actionable message. */
export interface ErrorResult {
  __typename: string;
  message: string;
}
