// The run queue (a daemon loop): starts QUEUED runs by priority then age within `maxConcurrentRuns` and the
// tag concurrency limits, and hands each to the launcher. One claim is one transaction under an advisory
// lock: it counts the runs in progress in the whole database, picks what may start (queueLimits.ts), marks
// it STARTING and stores its RUN_DEQUEUED and RUN_STARTING, so processes sharing a database never start a
// run twice nor exceed a limit together, and a claimed run always has its events.
// It wakes at once on a new run (notify, or a signal from another process) and on a finished run (status
// changes, from any process), plus a slow sweep for whatever a lost notification left behind.
import type { LaunchRequest, WorkerExit } from "@weir/launchers";
import { ASSET_JOB_NAME, IN_PROGRESS_STATUSES, isFinished, type RunStatus, type WeirEvent } from "@weir/sdk";
import type { Run } from "../generated/prisma/client.ts";
import { recordWorkerExit, type RunDispatcher } from "./runDispatcher.ts";
import type { RunServices } from "./runServices.ts";
import type { CrossProcessBus } from "../store/crossProcessBus.ts";
import { insertEvents } from "../store/events.ts";
import type { SqlQueryable } from "../store/openStore.ts";
import { runColumns } from "../store/runs.ts";
import { planDequeue, type QueuedRunRef, type RunQueueLimits, type RunTags, type WaitReason } from "./queueLimits.ts";
import { readRunQueueLimits, type EffectiveRunQueueLimits } from "./runQueueSettings.ts";
import { answerStopRequests, askOwnerToStop, OWNER_ANSWER_TIMEOUT_MS } from "./ownerTermination.ts";

/** Advisory lock key of the claim ("weirQ"): one claimer at a time across every process. */
const CLAIM_LOCK = 0x7765697251;
/** Queued runs read per page while looking past runs a tag limit blocks. */
const SCAN_PAGE = 1000;
/** At most this many queued runs are examined per claim, so the lock is held briefly. */
const MAX_SCAN = 20_000;

export interface RunQueueOptions {
  /** The config file's limits; limits set through the API (run_queue_settings) win over them. */
  limits: RunQueueLimits;
  /** The safety sweep: how often the queue looks for startable runs with no notification. */
  sweepIntervalMs?: number;
  bus?: CrossProcessBus;
  /** Recorded on each run it claims (worker_info.daemonId), so another daemon starting up leaves the run alone. */
  daemonId?: string;
  /** How long a terminate of a run another process runs waits for that process to answer. */
  ownerAnswerTimeoutMs?: number;
}

export interface QueuedRunExplanation {
  runId: string;
  priority: number;
  createdAt: Date;
  /** Why it waits; null when it starts at the next pass. */
  reason: WaitReason | null;
}

export interface RunQueue extends RunDispatcher {
  /** One claim-and-start pass (what notify schedules). Resolves when the claimed runs were handed over. */
  pump(): Promise<void>;
  /** Called after each pass, with its error if it failed (the daemon's heartbeat). */
  onPass(listener: (error?: Error) => void): void;
}

interface QueuedRow {
  id: string;
  tags: RunTags | null;
  priority: number;
  created_at: Date;
}

/**
 * The tags of every run in progress. The enum column is compared with enum values (not `status::text`), so
 * PostgreSQL finds the few runs in progress through the status index instead of reading the whole table.
 */
export const IN_PROGRESS_TAGS_SQL = `SELECT tags FROM runs WHERE status = ANY($1::"RunStatus"[])`;

async function readInProgressTags(db: SqlQueryable): Promise<RunTags[]> {
  const rows = await db.query<{ tags: RunTags | null }>(
    IN_PROGRESS_TAGS_SQL,
    [[...IN_PROGRESS_STATUSES]],
    "weir_in_progress_tags",
  );
  return rows.map((r) => r.tags ?? {});
}

async function readQueuedPage(db: SqlQueryable, after: QueuedRow | null, limit: number): Promise<QueuedRow[]> {
  const keyset = after ? `AND (priority < $2 OR (priority = $2 AND (created_at, id) > ($3::timestamptz, $4::uuid)))` : "";
  const params = after ? [limit, after.priority, after.created_at, after.id] : [limit];
  return db.query<QueuedRow>(
    `SELECT id::text AS id, tags, priority, created_at FROM runs WHERE status = 'QUEUED' ${keyset}
      ORDER BY priority DESC, created_at ASC, id ASC LIMIT $1`,
    params,
    after ? "weir_queued_page_after" : "weir_queued_page",
  );
}

async function anyQueuedRun(db: SqlQueryable): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM runs WHERE status = 'QUEUED' LIMIT 1`, [], "weir_any_queued_run")).length > 0;
}

/**
 * Plans what may start, reading queued runs page by page until every free slot is filled or the queue is
 * exhausted: a run blocked by a tag limit never hides the runs behind it.
 */
async function planFromStore(db: SqlQueryable, limits: RunQueueLimits, want: "claim" | number) {
  const inProgress = await readInProgressTags(db);
  const free = limits.maxConcurrentRuns - inProgress.length;
  const queued: QueuedRow[] = [];
  let last: QueuedRow | null = null;
  /** Every queued run was read: a further claim now would find nothing new to start. */
  let readAll = false;
  for (;;) {
    if (want === "claim" && free <= 0) break;
    const pageSize =
      want === "claim"
        ? limits.tagConcurrencyLimits.length === 0
          ? free
          : SCAN_PAGE
        : Math.min(SCAN_PAGE, want - queued.length);
    if (pageSize <= 0) break;
    const page = await readQueuedPage(db, last, pageSize);
    queued.push(...page);
    readAll = page.length < pageSize;
    if (readAll || queued.length >= MAX_SCAN) break;
    last = page[page.length - 1]!;
    if (want === "claim") {
      if (limits.tagConcurrencyLimits.length === 0) break;
      const plan = planDequeue(limits, inProgress, queued.map(toRef));
      if (plan.start.length >= free) break;
    }
  }
  return { inProgress, queued, readAll, plan: planDequeue(limits, inProgress, queued.map(toRef)) };
}

const toRef = (r: QueuedRow): QueuedRunRef => ({ id: r.id, tags: r.tags ?? {} });

/** Why each of the first `first` queued runs waits, by the same rule the claim uses. */
export async function explainQueue(services: Pick<RunServices, "store">, fromConfig: RunQueueLimits, first: number) {
  const limits = await readRunQueueLimits(services.store, fromConfig);
  const { inProgress, queued, plan } = await planFromStore(services.store, limits, Math.max(0, first));
  const runs: QueuedRunExplanation[] = queued.map((r) => ({
    runId: r.id,
    priority: r.priority,
    createdAt: r.created_at,
    reason: plan.waiting.get(r.id) ?? null,
  }));
  return { limits, inProgressCount: inProgress.length, runs };
}

export async function readEffectiveLimits(
  services: Pick<RunServices, "store">,
  fromConfig: RunQueueLimits,
): Promise<EffectiveRunQueueLimits> {
  return readRunQueueLimits(services.store, fromConfig);
}

export function createRunQueue(services: RunServices, options: RunQueueOptions): RunQueue {
  const { store, log } = services;
  const active = new Map<string, { ended: Promise<void>; end: () => void }>();
  /** Runs asked to stop, and whether the launcher reached their worker (false: still launching). */
  const stopRequested = new Map<string, boolean>();
  let stopped = false;
  let pumping: Promise<void> | undefined;
  let wanted = false;
  let onPass: (error?: Error) => void = () => {};
  let claims = 0;
  /** A run was queued since the last claim (notify): the claim need not look whether one is. */
  let queuedSinceClaim = false;

  /** The lifecycle events a claim stores for a run whose last stored seq is `maxSeq`. */
  function claimEvents(runId: string, maxSeq: number, claimedAt: number): WeirEvent[] {
    const timestamp = Date.now();
    const event = { runId, stepKey: null, level: "INFO" as const, timestamp };
    return [
      {
        ...event,
        seq: maxSeq + 1,
        type: "RUN_DEQUEUED",
        message: "run dequeued",
        data: { daemonId: options.daemonId ?? null, claimedAt, seqAtClaim: maxSeq },
      },
      {
        ...event,
        seq: maxSeq + 2,
        type: "RUN_STARTING",
        message: `starting run with the ${services.launcherName} launcher`,
        data: null,
      },
    ];
  }

  /**
   * Claims what may start, in dequeue order, each with the seq its worker numbers from; `more` is false
   * when a further claim now would find nothing to start.
   */
  async function claim(): Promise<{ runs: { run: Run; firstSeq: number }[]; more: boolean }> {
    // Most passes follow a finished run and find nothing queued: they take no lock and no transaction.
    // A run queued after this read notifies the queue again.
    const queuedSeen = queuedSinceClaim;
    queuedSinceClaim = false;
    if (!queuedSeen && !(await anyQueuedRun(store))) return { runs: [], more: false };
    // Passes are serial in a process, so this orders claims (RUN_DEQUEUED data) even within one ms.
    const claimedAt = Date.now() + ++claims / 1e6;
    const { runs, events, readAll } = await store.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`, [], "weir_claim_lock");
      const limits = await readRunQueueLimits(tx, options.limits);
      const { plan, readAll } = await planFromStore(tx, limits, "claim");
      if (plan.start.length === 0) return { runs: [], events: [], readAll };
      // Nothing else writes events of a QUEUED run (a cancel first moves it out of QUEUED, under the row's
      // lock), so the claimed runs' next seqs are known here.
      const claimed = await tx.query<Run & { maxSeq: number }>(
        `UPDATE runs SET status = 'STARTING', updated_at = now(), worker_info = jsonb_build_object('daemonId', $2::text)
          WHERE id = ANY($1::uuid[]) AND status = 'QUEUED'
          RETURNING ${runColumns()}, (SELECT coalesce(max(seq), 0) FROM run_events e WHERE e.run_id = runs.id) AS "maxSeq"`,
        [plan.start, options.daemonId ?? null],
        "weir_claim_runs",
      );
      const order = new Map(plan.start.map((id, i) => [id, i]));
      claimed.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const events = claimed.flatMap((run) => claimEvents(run.id, run.maxSeq, claimedAt));
      await insertEvents(tx, events);
      return { runs: claimed, events, readAll };
    });
    if (runs.length === 0) return { runs: [], more: false };
    for (const run of runs)
      store.statusChanges.publish({ runId: run.id, status: "STARTING", previous: "QUEUED", jobName: run.jobName });
    services.sink.announce(events);
    return { runs: runs.map(({ maxSeq, ...run }) => ({ run, firstSeq: maxSeq + 3 })), more: !readAll };
  }

  async function startRun(run: Run, firstSeq: number): Promise<void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    active.set(run.id, { ended, end });
    let exited = false;
    const onExit = (exit: WorkerExit) => {
      if (exited) return;
      exited = true;
      recordWorkerExit(services, run.id, exit)
        .catch((error) => log.error({ err: error, runId: run.id }, "could not record the end of a run"))
        .finally(() => {
          active.delete(run.id);
          stopRequested.delete(run.id);
          end();
          void pump();
        });
    };
    try {
      const location = services.locations.get(run.locationName ?? "");
      if (location?.status !== "LOADED") {
        throw new Error(
          `code location "${run.locationName}" is not loaded${location?.error ? `: ${location.error.message}` : ""}`,
        );
      }
      const assetSelection = run.assetSelection as string[] | null;
      const request: LaunchRequest = {
        runId: run.id,
        location: { name: location.name, file: location.file, version: location.version },
        target: run.jobName === ASSET_JOB_NAME && assetSelection ? { assets: assetSelection } : { job: run.jobName },
        config: run.config,
        tags: run.tags as Record<string, string>,
        stepSelection: (run.stepSelection as string[] | null) ?? null,
        parentRunId: run.parentRunId,
        partitionKey: run.partitionKey,
        firstSeq,
        instanceDir: services.instanceDir,
      };
      const { workerInfo } = await services.launcher.launch(request, { onEvent: (event) => services.sink.append(event), onExit });
      // Raw SQL: on the embedded store's one connection this write comes before the worker's first events.
      if (workerInfo) {
        await store.query(
          `UPDATE runs SET worker_info = $2::jsonb, updated_at = now() WHERE id = $1::uuid`,
          [run.id, JSON.stringify({ ...workerInfo, daemonId: options.daemonId ?? null })],
          "weir_worker_info",
        );
      }
      // Asked to stop while the launcher was starting it: the worker exists now.
      if (stopRequested.get(run.id) === false && !exited) {
        stopRequested.set(run.id, await services.launcher.terminate(run.id));
      }
    } catch (error) {
      onExit({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  async function pumpLoop(): Promise<void> {
    try {
      do {
        wanted = false;
        while (!stopped) {
          const { runs, more } = await claim();
          if (runs.length === 0) break;
          for (const { run, firstSeq } of runs) void startRun(run, firstSeq);
          // Claiming again at once would only hold the database while these runs start (PGlite has one
          // connection): a run queued meanwhile sets `wanted`, a finished one notifies.
          if (!more) break;
        }
      } while (wanted && !stopped);
      onPass();
    } catch (error) {
      if (stopped) return;
      log.error({ err: error }, `run queue could not dequeue runs: ${(error as Error).message}`);
      onPass(error as Error);
    }
  }

  function pump(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (pumping) {
      wanted = true;
      return pumping;
    }
    pumping = pumpLoop().finally(() => (pumping = undefined));
    return pumping;
  }

  const unsubscribers: (() => void)[] = [];
  unsubscribers.push(
    store.statusChanges.subscribe((change) => {
      // A finished run frees a slot (in any process).
      if (isFinished(change.status as RunStatus)) void pump();
      if (change.status === "QUEUED") queue.notify();
    }),
  );
  /** Asks the worker of a run this process runs to stop (once: a second terminate would kill it at once). */
  async function stopRun(runId: string): Promise<boolean> {
    if (!active.has(runId)) return false;
    if (stopRequested.has(runId)) return true;
    stopRequested.set(runId, false);
    stopRequested.set(runId, await services.launcher.terminate(runId));
    return true;
  }
  // A terminate made in another process reaches the worker here (ownerTermination.ts).
  if (options.bus) unsubscribers.push(answerStopRequests(options.bus, stopRun, log));
  if (options.bus) {
    unsubscribers.push(
      options.bus.subscribeSignals((kind) => {
        if (kind === "runsQueued") queue.notify();
        if (kind === "runQueueLimitsChanged") void pump();
      }),
    );
  }
  const sweep = setInterval(() => void pump(), options.sweepIntervalMs ?? 5000);
  sweep.unref();

  const queue: RunQueue = {
    notify() {
      queuedSinceClaim = true;
      void pump();
    },
    pump,
    onPass: (listener) => (onPass = listener),
    activeRunIds: () => [...active.keys()],
    whenEnded: (runId) => active.get(runId)?.ended ?? Promise.resolve(),
    stopRun,
    askOwnerToStop: async (runId) =>
      options.bus && store.kind === "postgres" ? askOwnerToStop(options.bus, runId, options.ownerAnswerTimeoutMs) : false,
    stop() {
      stopped = true;
      clearInterval(sweep);
      for (const u of unsubscribers) u();
    },
  };
  return queue;
}

/**
 * The dispatcher of a process that runs no queue (`weir server` beside `weir daemon`): new runs are
 * announced to the daemons on the bus; it starts no worker itself.
 */
export function createRemoteDispatch(bus: CrossProcessBus, ownerAnswerTimeoutMs = OWNER_ANSWER_TIMEOUT_MS): RunDispatcher {
  return {
    notify: () => bus.signal("runsQueued"),
    activeRunIds: () => [],
    whenEnded: () => Promise.resolve(),
    stop() {},
    stopRun: async () => false,
    askOwnerToStop: (runId) => askOwnerToStop(bus, runId, ownerAnswerTimeoutMs),
  };
}
