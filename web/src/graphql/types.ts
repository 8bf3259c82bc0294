// The UI's names for the shapes it selects, all taken from the generated types (generated/graphql.ts,
// made from schema.graphql and the .graphql documents), and the enums in the order the UI lists them.
import type {
  AssetFieldsFragment,
  AssetGraphQuery,
  AutomationQuery,
  CodeLocationsQuery,
  EventType,
  JobFieldsFragment,
  JobQuery,
  LogLevel,
  MaterializationFieldsFragment,
  OverviewQuery,
  RunDetailFieldsFragment,
  RunEventFieldsFragment,
  RunStatus,
  RunSummaryFieldsFragment,
  TickFieldsFragment,
} from "./generated/graphql";

export type { CodeLocationStatus, EventType, LogLevel, RunStatus, TickStatus } from "./generated/graphql";

// Listed in lifecycle / severity order (the schema prints its enums sorted by name); `satisfies` makes
// a value added to or removed from the schema a type error here.
export const RUN_STATUSES = Object.keys({
  QUEUED: 1,
  STARTING: 1,
  STARTED: 1,
  SUCCESS: 1,
  FAILURE: 1,
  CANCELING: 1,
  CANCELED: 1,
} satisfies Record<RunStatus, 1>) as RunStatus[];
export const LOG_LEVELS = Object.keys({ DEBUG: 1, INFO: 1, WARNING: 1, ERROR: 1 } satisfies Record<LogLevel, 1>) as LogLevel[];
export const EVENT_TYPES = Object.keys({
  RUN_ENQUEUED: 1,
  RUN_DEQUEUED: 1,
  RUN_STARTING: 1,
  RUN_START: 1,
  RUN_SUCCESS: 1,
  RUN_FAILURE: 1,
  RUN_CANCELING: 1,
  RUN_CANCELED: 1,
  STEP_START: 1,
  STEP_SUCCESS: 1,
  STEP_FAILURE: 1,
  STEP_SKIPPED: 1,
  STEP_UP_FOR_RETRY: 1,
  STEP_RESTARTED: 1,
  STEP_OUTPUT: 1,
  ASSET_MATERIALIZATION: 1,
  LOG: 1,
  ENGINE_EVENT: 1,
} satisfies Record<EventType, 1>) as EventType[];

export type Tag = RunSummaryFieldsFragment["tags"][number];
export type RunSummary = RunSummaryFieldsFragment;
export type RunDetail = RunDetailFieldsFragment;
/** A run event; its `data` (the API's JSON scalar) is always an object when present. */
export type RunEvent = Omit<RunEventFieldsFragment, "data"> & { data: Record<string, unknown> | null };
export type Job = JobFieldsFragment;
export type JobStep = JobFieldsFragment["steps"][number];
export type JobWithConfig = NonNullable<JobQuery["job"]>;
export type Materialization = MaterializationFieldsFragment;
export type Asset = AssetFieldsFragment;
/** The lineage as the server laid it out, for nodes of the given size. */
export type AssetGraphLayout = NonNullable<AssetGraphQuery["assetGraph"]["layout"]>;
export type InstigatorTick = TickFieldsFragment;
export type Schedule = AutomationQuery["schedules"][number];
export type Sensor = AutomationQuery["sensors"][number];
export type CodeLocation = CodeLocationsQuery["codeLocations"][number];
export type DaemonLoopHealth = OverviewQuery["instance"]["daemonHealth"][number];
export type QueuedRun = OverviewQuery["instance"]["runQueue"]["queuedRuns"][number];
