// Creating runs: launchRun, materializeAssets and reexecuteRun validate what they are asked, store the run
// QUEUED together with its RUN_ENQUEUED event (one statement), wake the dispatcher and return at once.
import { randomUUID } from "node:crypto";
import {
  ASSET_JOB_NAME,
  PARTITION_RANGE_END_TAG,
  PARTITION_RANGE_START_TAG,
  PARTITION_TAG,
  isFinished,
  validateEmptyRunConfig,
  type RunStatus,
  type WeirEvent,
} from "@weir/sdk";
import {
  AssetNotFoundError,
  CodeLocationError,
  InvalidConfigError,
  JobNotFoundError,
  ReexecutionNotPossibleError,
  RunNotFoundError,
  type UnavailableLocation,
} from "../errors.ts";
import type { Run } from "../generated/prisma/client.ts";
import { UnauthorizedError } from "../auth/unauthorizedError.ts";
import { insertQueuedRun, runEnqueuedEvent } from "../store/runs.ts";
import { type PartitionSelection, type PartitionTarget, resolvePartitionSelection } from "../partitions/partitionSelection.ts";
import type { AssetSnapshot, JobSnapshot } from "../codeLocations/codeLocationManager.ts";
import type { RunServices } from "./runServices.ts";

export interface RunDispatch {
  /** Runs were queued: start what may start. */
  notify(): void;
}

export interface LaunchRunInput extends PartitionSelection {
  job: string;
  config?: unknown;
  tags?: Record<string, string>;
  priority?: number;
  /**
   * Whether `tags` may hold reserved (weir/...) tags: the API passes true for admins only; the daemon's
   * schedules and sensors (definitions, like job tags) may.
   */
  allowReservedTags?: boolean;
}

/** Tags under this prefix steer Weir itself (weir/docker/image, weir/docker/network, ...). */
export const RESERVED_TAG_PREFIX = "weir/";

/** Refuses reserved tags from a caller who may not set them, naming the tags. */
function assertTagsAllowed(tags: Record<string, string> | undefined, allowed: boolean | undefined): void {
  if (allowed ?? true) return;
  const reserved = Object.keys(tags ?? {}).filter((key) => key.startsWith(RESERVED_TAG_PREFIX));
  if (reserved.length === 0) return;
  const names = reserved.map((k) => `"${k}"`).join(", ");
  throw new UnauthorizedError(
    `tag${reserved.length > 1 ? "s" : ""} ${names} ${reserved.length > 1 ? "are" : "is"} reserved: ${RESERVED_TAG_PREFIX}* tags choose how Weir runs the run ` +
      "(image, network, limits) and may be set only by the job definition or an admin",
    "admin",
  );
}

/** A run's tags: the caller's over the job's, except that the job's reserved (weir/...) tags always win. */
function runTags(
  jobTags: Record<string, string> | undefined,
  callerTags: Record<string, string> | undefined,
): Record<string, string> {
  const reservedOfJob = Object.entries(jobTags ?? {}).filter(([key]) => key.startsWith(RESERVED_TAG_PREFIX));
  return { ...jobTags, ...callerTags, ...Object.fromEntries(reservedOfJob) };
}

interface NewRun {
  jobName: string;
  locationName: string;
  config: unknown;
  tags: Record<string, string>;
  priority: number;
  stepSelection?: string[] | null;
  assetSelection?: string[] | null;
  partitionKey?: string | null;
  parentRunId?: string | null;
  rootRunId?: string | null;
}

async function enqueueRun(services: RunServices, dispatch: RunDispatch, run: NewRun, runId?: string): Promise<Run> {
  const id = runId ?? randomUUID();
  const enqueued = runEnqueuedEvent(id, run.jobName);
  let stored: Run;
  try {
    stored = await insertQueuedRun(services.store, { ...run, id, launcher: services.launcherName }, [enqueued]);
  } catch (error) {
    // A fixed id stored meanwhile: this request was launched already, and that run is the answer.
    const existing =
      runId && (error as { code?: string }).code === "23505"
        ? await services.store.prisma.run.findUnique({ where: { id } })
        : null;
    if (existing) return existing;
    throw error;
  }
  services.sink.announce([enqueued]);
  dispatch.notify();
  return stored;
}

/** Locations that failed to load or are loading: a job not found may be defined in one of them. */
function unavailableLocations(services: RunServices): UnavailableLocation[] {
  return services.locations
    .list()
    .filter((l) => l.status !== "LOADED")
    .map((l) => {
      if (l.status === "LOADING") return { name: l.name, reason: "is still loading" };
      const where = l.error?.file ? ` (${l.error.file}${l.error.line !== undefined ? `:${l.error.line}` : ""})` : "";
      return { name: l.name, reason: `failed to load: ${l.error?.message ?? "unknown error"}${where}` };
    });
}

function jobNotFound(services: RunServices, jobName: string): JobNotFoundError {
  return new JobNotFoundError(jobName, knownJobNames(services), unavailableLocations(services));
}

function knownJobNames(services: RunServices): string[] {
  return services.locations
    .list()
    .flatMap((l) => l.snapshot?.jobs.map((j) => j.name) ?? [])
    .filter((n) => n !== ASSET_JOB_NAME);
}

export interface LaunchOptions {
  /**
   * A run id fixed by what requests the run (a sensor's run key, a schedule tick): when a run with this id
   * exists, it is returned and nothing is launched, so a request repeated after a crash launches once.
   */
  runId?: string;
}

export async function launchRun(
  services: RunServices,
  dispatch: RunDispatch,
  input: LaunchRunInput,
  options: LaunchOptions = {},
): Promise<Run> {
  assertTagsAllowed(input.tags, input.allowReservedTags);
  if (options.runId) {
    const existing = await services.store.prisma.run.findUnique({ where: { id: options.runId } });
    if (existing) return existing;
  }
  const found = services.locations.findJob(input.job);
  if (!found) throw jobNotFound(services, input.job);
  // A job that takes no config accepts only an empty one: checked here, without a code server round trip.
  const validation =
    found.job.takesConfig === false
      ? validateEmptyRunConfig(input.config ?? {})
      : await services.locations.validateConfig(found.location.name, { job: input.job }, input.config ?? {});
  if (!validation.ok) throw new InvalidConfigError(input.job, validation.violations);
  const partition = resolvePartitionSelection(
    `launch of job "${input.job}"`,
    jobPartitionTargets(found.job, found.location.snapshot?.assets ?? []),
    selectionOf(input),
  );
  return enqueueRun(
    services,
    dispatch,
    {
      jobName: input.job,
      locationName: found.location.name,
      config: validation.value,
      tags: { ...runTags(found.job.tags, input.tags), ...partition.tags },
      priority: input.priority ?? 0,
      partitionKey: partition.partitionKey,
    },
    options.runId,
  );
}

/** The explicit selection, else the one the reserved tags carry (a schedule's or a sensor's run request). */
function selectionOf(input: LaunchRunInput): PartitionSelection {
  if (input.partitionKey != null || input.partitionKeyRange != null) return input;
  const tags = input.tags ?? {};
  const start = tags[PARTITION_RANGE_START_TAG];
  const end = tags[PARTITION_RANGE_END_TAG];
  return {
    partitionKey: tags[PARTITION_TAG] ?? null,
    partitionKeyRange: start !== undefined || end !== undefined ? { start: start ?? "", end: end ?? "" } : null,
  };
}

/** What a job's run materializes with partitions: its assets, and the job itself when it runs ops. */
function jobPartitionTargets(job: JobSnapshot, assets: AssetSnapshot[]): PartitionTarget[] {
  const byKey = new Map(assets.map((a) => [a.key, a]));
  const targets: PartitionTarget[] = job.steps
    .filter((s) => s.kind === "asset")
    .map((s) => byKey.get(s.key))
    .filter((a): a is AssetSnapshot => a !== undefined)
    .map((a) => ({ name: `asset "${a.key}"`, partitions: a.partitions, takesRange: a.takesPartitionRange ?? false }));
  const runsOps = job.steps.some((s) => s.kind !== "asset");
  if (runsOps || (job.partitions && !targets.some((t) => t.partitions)))
    targets.push({ name: `job "${job.name}"`, partitions: job.partitions, takesRange: false });
  return targets;
}

export interface MaterializeAssetsInput extends PartitionSelection {
  keys: string[];
  /** Deprecated alias of partitionKey. */
  partition?: string | null;
  tags?: Record<string, string>;
  /** As in LaunchRunInput. */
  allowReservedTags?: boolean;
}

export async function materializeAssets(
  services: RunServices,
  dispatch: RunDispatch,
  input: MaterializeAssetsInput,
): Promise<Run> {
  assertTagsAllowed(input.tags, input.allowReservedTags);
  const found = input.keys.map((key) => ({ key, found: services.locations.findAsset(key) }));
  const missing = found.filter((f) => !f.found).map((f) => f.key);
  if (missing.length || input.keys.length === 0) throw new AssetNotFoundError(missing.length ? missing : ["(no keys given)"]);
  const locationNames = new Set(found.map((f) => f.found!.location.name));
  if (locationNames.size > 1) {
    throw new CodeLocationError(
      [...locationNames].join(", "),
      `assets ${input.keys.join(", ")} live in different code locations; materialize them separately`,
    );
  }
  const partition = resolvePartitionSelection(
    `materialization of ${input.keys.map((k) => `"${k}"`).join(", ")}`,
    found.map(({ found: f }) => ({
      name: `asset "${f!.asset.key}"`,
      partitions: f!.asset.partitions,
      takesRange: f!.asset.takesPartitionRange ?? false,
    })),
    { partitionKey: input.partitionKey ?? input.partition ?? null, partitionKeyRange: input.partitionKeyRange ?? null },
  );
  return enqueueRun(services, dispatch, {
    jobName: ASSET_JOB_NAME,
    locationName: [...locationNames][0]!,
    config: {},
    tags: { ...input.tags, ...partition.tags },
    priority: 0,
    assetSelection: input.keys,
    partitionKey: partition.partitionKey,
  });
}

export type ReexecutionStrategy = "ALL_STEPS" | "FROM_FAILURE";

export async function reexecuteRun(
  services: RunServices,
  dispatch: RunDispatch,
  runId: string,
  strategy: ReexecutionStrategy,
): Promise<Run> {
  const parent = await services.store.prisma.run.findUnique({ where: { id: runId } });
  if (!parent) throw new RunNotFoundError(runId);
  if (!isFinished(parent.status as RunStatus)) throw new ReexecutionNotPossibleError(runId, `it is still ${parent.status}`);
  const assetSelection = (parent.assetSelection as string[] | null) ?? null;
  const location = services.locations.get(parent.locationName ?? "");
  if (location?.status !== "LOADED") {
    throw new CodeLocationError(parent.locationName ?? "(unknown)", location?.error?.message ?? "is not loaded");
  }
  const job = location.snapshot?.jobs.find((j) => j.name === parent.jobName);
  if (!job && !assetSelection) throw jobNotFound(services, parent.jobName);

  let stepSelection = (parent.stepSelection as string[] | null) ?? null;
  if (strategy === "FROM_FAILURE") {
    if (parent.status === "SUCCESS")
      throw new ReexecutionNotPossibleError(runId, "it succeeded, so there is no failure to resume from");
    const succeeded = new Set(
      (await services.store.prisma.stepStats.findMany({ where: { runId, status: "SUCCESS" }, select: { stepKey: true } })).map(
        (s) => s.stepKey,
      ),
    );
    const planned = stepSelection ?? assetSelection ?? job?.steps.map((s) => s.key) ?? [];
    stepSelection = planned.filter((key) => !succeeded.has(key));
    if (stepSelection.length === 0) throw new ReexecutionNotPossibleError(runId, "every step of it succeeded");
  }
  return enqueueRun(services, dispatch, {
    jobName: parent.jobName,
    locationName: location.name,
    config: parent.config,
    // The parent's tags were allowed when it was launched; the job's reserved tags win as they do there.
    tags: {
      ...runTags(job?.tags, parent.tags as Record<string, string>),
      "weir/parent_run_id": parent.id,
      "weir/root_run_id": parent.rootRunId ?? parent.id,
    },
    priority: parent.priority,
    stepSelection,
    assetSelection,
    partitionKey: parent.partitionKey,
    parentRunId: parent.id,
    rootRunId: parent.rootRunId ?? parent.id,
  });
}
