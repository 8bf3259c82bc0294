// The run queue (a daemon loop): starts QUEUED runs by priority then age within `maxConcurrentRuns` and the
// tag concurrency limits, and hands each to the launcher. One claim is one transaction under an advisory
// lock: it counts the runs in progress in the whole database, picks what may start (queueLimits.ts) and
// marks it STARTING, so processes sharing a database never start a run twice nor exceed a limit together.
// It wakes at once on a new run (notify, or a signal from another process) and on a finished run (status
// changes, from any process), plus a slow sweep for whatever a lost notification left behind.
import type { LaunchRequest, WorkerExit } from "@weir/launchers";
import { ASSET_JOB_NAME, isFinished, type RunStatus } from "@weir/sdk";
import type { Run } from "../generated/prisma/client.ts";
import { recordWorkerExit, type RunDispatcher } from "../runs/runDispatcher.ts";
import { writeServerEvents } from "../runs/runEventWriter.ts";
import type { RunServices } from "../runs/runServices.ts";
import { isRemoteChange, type CrossProcessBus } from "../store/crossProcessBus.ts";
import { planDequeue, type QueuedRunRef, type RunQueueLimits, type RunTags, type WaitReason } from "./queueLimits.ts";
import { readRunQueueLimits, type EffectiveRunQueueLimits } from "./runQueueSettings.ts";

/** Advisory lock key of the claim ("weirQ"): one claimer at a time across every process. */
const CLAIM_LOCK = 0x7765697251;
/** Queued runs read per page while looking past runs a tag limit blocks. */
const SCAN_PAGE = 1000;
/** At most this many queued runs are examined per claim, so the lock is held briefly. */
const MAX_SCAN = 20_000;
const IN_PROGRESS = ["STARTING", "STARTED", "CANCELING"];

export interface RunQueueOptions {
  /** The config file's limits; limits set through the API (run_queue_settings) win over them. */
  limits: RunQueueLimits;
  /** The safety sweep: how often the queue looks for startable runs with no notification. */
  sweepIntervalMs?: number;
  bus?: CrossProcessBus;
  /** Recorded on each run it claims (worker_info.daemonId), so another daemon starting up leaves the run alone. */
  daemonId?: string;
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

type Tx = Pick<RunServices["store"]["prisma"], "$queryRawUnsafe">;

async function readInProgressTags(db: Tx): Promise<RunTags[]> {
  const rows = await db.$queryRawUnsafe<{ tags: RunTags | null }[]>(`SELECT tags FROM runs WHERE status::text = ANY($1::text[])`, IN_PROGRESS);
  return rows.map((r) => r.tags ?? {});
}

async function readQueuedPage(db: Tx, after: QueuedRow | null, limit: number): Promise<QueuedRow[]> {
  const keyset = after ? `AND (priority < $2 OR (priority = $2 AND (created_at, id) > ($3::timestamptz, $4::uuid)))` : "";
  const params = after ? [limit, after.priority, after.created_at, after.id] : [limit];
  return db.$queryRawUnsafe<QueuedRow[]>(
    `SELECT id::text AS id, tags, priority, created_at FROM runs WHERE status = 'QUEUED' ${keyset}
      ORDER BY priority DESC, created_at ASC, id ASC LIMIT $1`,
    ...params,
  );
}

/**
 * Plans what may start, reading queued runs page by page until every free slot is filled or the queue is
 * exhausted: a run blocked by a tag limit never hides the runs behind it.
 */
async function planFromStore(db: Tx, limits: RunQueueLimits, want: "claim" | number) {
  const inProgress = await readInProgressTags(db);
  const free = limits.maxConcurrentRuns - inProgress.length;
  const queued: QueuedRow[] = [];
  let last: QueuedRow | null = null;
  /** Every queued run was read: a further claim now would find nothing new to start. */
  let readAll = false;
  for (;;) {
    if (want === "claim" && free <= 0) break;
    const pageSize = want === "claim" ? (limits.tagConcurrencyLimits.length === 0 ? free : SCAN_PAGE) : Math.min(SCAN_PAGE, want - queued.length);
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
  const limits = await readRunQueueLimits(services.store.prisma, fromConfig);
  const { inProgress, queued, plan } = await planFromStore(services.store.prisma, limits, Math.max(0, first));
  const runs: QueuedRunExplanation[] = queued.map((r) => ({ runId: r.id, priority: r.priority, createdAt: r.created_at, reason: plan.waiting.get(r.id) ?? null }));
  return { limits, inProgressCount: inProgress.length, runs };
}

export async function readEffectiveLimits(services: Pick<RunServices, "store">, fromConfig: RunQueueLimits): Promise<EffectiveRunQueueLimits> {
  return readRunQueueLimits(services.store.prisma, fromConfig);
}

export function createRunQueue(services: RunServices, options: RunQueueOptions): RunQueue {
  const { store, log } = services;
  const active = new Map<string, { ended: Promise<void>; end: () => void }>();
  let stopped = false;
  let pumping: Promise<void> | undefined;
  let wanted = false;
  let onPass: (error?: Error) => void = () => {};
  let claims = 0;

  /** Claims what may start; `more` is false when a further claim now would find nothing to start. */
  async function claim(): Promise<{ runs: { run: Run; maxSeq: number }[]; more: boolean }> {
    let more = true;
    const claimed = await store.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
        const limits = await readRunQueueLimits(tx, options.limits);
        const { plan, readAll } = await planFromStore(tx, limits, "claim");
        more = !readAll;
        if (plan.start.length === 0) return [];
        // The claim returns each run's last seq too, so starting it needs no further read.
        return tx.$queryRawUnsafe<{ id: string; max_seq: number | null }[]>(
          `UPDATE runs SET status = 'STARTING', updated_at = now(), worker_info = jsonb_build_object('daemonId', $2::text)
            WHERE id = ANY($1::uuid[]) AND status = 'QUEUED'
            RETURNING id::text AS id, (SELECT max(seq) FROM run_events e WHERE e.run_id = runs.id) AS max_seq`,
          plan.start,
          options.daemonId ?? null,
        );
      },
      // Claims queue behind the advisory lock; under load that wait exceeds Prisma's 2 s/5 s defaults.
      { maxWait: 30_000, timeout: 60_000 },
    );
    if (claimed.length === 0) return { runs: [], more: false };
    const order = new Map(claimed.map((c, i) => [c.id, i]));
    const runs = await store.prisma.run.findMany({ where: { id: { in: claimed.map((c) => c.id) } } });
    runs.sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || order.get(a.id)! - order.get(b.id)!);
    for (const run of runs) store.statusChanges.publish({ runId: run.id, status: "STARTING", previous: "QUEUED", jobName: run.jobName });
    const seqs = new Map(claimed.map((c) => [c.id, c.max_seq ?? 0]));
    return { runs: runs.map((run) => ({ run, maxSeq: seqs.get(run.id)! })), more };
  }

  async function startRun(run: Run, maxSeq: number, claimedAt: number): Promise<void> {
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
          end();
          queue.notify();
        });
    };
    try {
      const location = services.locations.get(run.locationName ?? "");
      if (!location || location.status !== "LOADED") {
        throw new Error(`code location "${run.locationName}" is not loaded` + (location?.error ? `: ${location.error.message}` : ""));
      }
      // Nothing else writes a run's events while it is STARTING and not yet handed to a worker. The seq is
      // read after a flush, not taken from the claim: a run can be claimed before its RUN_ENQUEUED is
      // stored, and numbering from the claim would then give two events seq 1 (one of them lost).
      const firstSeq = await writeServerEvents(services, run.id, [
        { type: "RUN_DEQUEUED", message: "run dequeued", data: { daemonId: options.daemonId ?? null, claimedAt, seqAtClaim: maxSeq } },
        { type: "RUN_STARTING", message: `starting run with the ${services.launcherName} launcher` },
      ]);
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
      if (workerInfo) await store.prisma.run.update({ where: { id: run.id }, data: { workerInfo: { ...workerInfo, daemonId: options.daemonId ?? null } } });
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
          // Passes are serial in a process, so this orders claims (RUN_DEQUEUED data) even within one ms.
          const claimedAt = Date.now() + ++claims / 1e6;
          for (const { run, maxSeq } of runs) void startRun(run, maxSeq, claimedAt);
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
      // A finished run frees a slot (in any process); a cancel asked for elsewhere reaches our worker here.
      if (isFinished(change.status as RunStatus) || change.status === "QUEUED") queue.notify();
      if (change.status === "CANCELING" && active.has(change.runId) && isRemoteChange(change)) {
        services.launcher.terminate(change.runId).catch((error) => log.error({ err: error, runId: change.runId }, "could not stop a run canceled by another process"));
      }
    }),
  );
  if (options.bus) {
    unsubscribers.push(
      options.bus.subscribeSignals((kind) => {
        if (kind === "runsQueued" || kind === "runQueueLimitsChanged") queue.notify();
      }),
    );
  }
  const sweep = setInterval(() => queue.notify(), options.sweepIntervalMs ?? 5000);
  sweep.unref();

  const queue: RunQueue = {
    notify() {
      void pump();
    },
    pump,
    onPass: (listener) => (onPass = listener),
    activeRunIds: () => [...active.keys()],
    whenEnded: (runId) => active.get(runId)?.ended ?? Promise.resolve(),
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
export function createRemoteDispatch(bus: CrossProcessBus): RunDispatcher {
  return {
    notify: () => bus.signal("runsQueued"),
    activeRunIds: () => [],
    whenEnded: () => Promise.resolve(),
    stop() {},
  };
}
