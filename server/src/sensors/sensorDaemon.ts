// Sensor evaluation (the daemon's sensor loop runs `reconcile` as its pass): every RUNNING sensor is
// evaluated in its code server every `intervalSeconds` (the code location manager times out and kills a
// hung one). A daemon takes an evaluation only by winning the sensor's lease (one UPDATE on its state row),
// so daemons sharing a database take turns. Requests whose run key the sensor already launched are skipped
// (one query per evaluation); the cursor is stored; each evaluation is a tick (SUCCESS with its runs,
// SKIPPED with why, FAILURE with the error).
// Run-status sensors (`onRunStatus`) are given, one by one, the runs of their monitored jobs that reached
// one of those statuses after their cursor, which the daemon keeps as {"t": ISO time, "id": run id}.
import type { SensorEvaluation } from "../codeLocations/codeServerProtocol.ts";
import type { SensorSnapshot } from "../codeLocations/codeLocationManager.ts";
import { launchRun, type RunDispatch } from "../runs/runLaunching.ts";
import type { RunServices } from "../runs/runServices.ts";
import { ensureState, readStates } from "../instigators/instigatorStates.ts";
import { sensorRequestRunId } from "../instigators/requestRunIds.ts";
import { lastRunKey, launchedRunKeys, recordRunKeys } from "./sensorRunKeys.ts";
import { recordTick } from "../instigators/ticks.ts";

export const SENSOR_TAG = "weir/sensor";
export const RUN_KEY_TAG = "weir/run_key";
/** Runs a run-status sensor is given per evaluation. */
const RUNS_PER_EVALUATION = 20;

export interface SensorDaemonOptions {
  /** Called after each evaluation, with its error if it failed (the loop's heartbeat). */
  onPass?: (error?: Error) => void;
}

export interface SensorDaemon {
  /** Re-reads which sensors run; starts and stops their evaluation timers to match. */
  reconcile(): Promise<void>;
  /** One evaluation if the sensor is due and this daemon wins its lease; false when it was not taken. */
  evaluate(name: string): Promise<boolean>;
  running(): string[];
  stop(): Promise<void>;
}

export interface RunStatusCursor {
  t: string;
  id: string;
}

type Request = SensorEvaluation["runRequests"][number];

export function startSensorDaemon(services: RunServices, dispatch: RunDispatch, options: SensorDaemonOptions): SensorDaemon {
  const { store, locations, log } = services;
  const loops = new Map<string, { timer?: NodeJS.Timeout; intervalMs: number; evaluating?: Promise<boolean> }>();
  let stopped = false;

  /** Takes the sensor's lease when its interval has passed; returns its cursor and previous evaluation time. */
  async function takeLease(name: string, intervalMs: number): Promise<{ cursor: string | null; previous: Date | null } | null> {
    const rows = await store.prisma.$queryRawUnsafe<{ cursor: string | null; previous: Date | null }[]>(
      `WITH prev AS (SELECT last_tick_at FROM instigator_states WHERE kind = 'SENSOR' AND name = $1 AND status = 'RUNNING' FOR UPDATE)
       UPDATE instigator_states s SET last_tick_at = now() FROM prev
        WHERE s.kind = 'SENSOR' AND s.name = $1
          AND (prev.last_tick_at IS NULL OR prev.last_tick_at <= now() - ($2::float8 * interval '1 millisecond'))
       RETURNING s.cursor, prev.last_tick_at AS previous`,
      name,
      // A little short of the interval, so timer jitter does not make the daemon skip its own turn.
      intervalMs * 0.8,
    );
    return rows[0] ?? null;
  }

  /** The tick of an evaluation that went through: SUCCESS with its runs, or SKIPPED with why. */
  function recordEvaluatedTick(name: string, runIds: string[], cursor: string | null, skip: string): Promise<unknown> {
    const outcome = runIds.length
      ? { status: "SUCCESS" as const, runIds, cursor }
      : { status: "SKIPPED" as const, skipReason: skip, cursor };
    return recordTick(store, "SENSOR", name, outcome);
  }

  async function saveCursor(name: string, cursor: string | null): Promise<void> {
    await store.prisma.instigatorState.update({ where: { kind_name: { kind: "SENSOR", name } }, data: { cursor } });
  }

  /** Launches the requests whose run key is new; returns the runs and the keys skipped. */
  async function launchRequests(
    sensor: SensorSnapshot,
    requests: Request[],
  ): Promise<{ runIds: string[]; skippedKeys: string[] }> {
    const keys = requests.map((r) => r.runKey).filter((k): k is string => k !== null);
    const launched = await launchedRunKeys(store, sensor.name, keys);
    const seen = new Set<string>();
    const runIds: string[] = [];
    const skippedKeys: string[] = [];
    const recorded: { runKey: string; runId: string }[] = [];
    for (const request of requests) {
      if (request.runKey !== null) {
        if (launched.has(request.runKey) || seen.has(request.runKey)) {
          skippedKeys.push(request.runKey);
          continue;
        }
        seen.add(request.runKey);
      }
      // A keyed request's run id is fixed by its key: an evaluation repeated because a crash came between
      // this launch and the save of its key and cursor finds this run instead of launching another.
      const runId = request.runKey !== null ? sensorRequestRunId(sensor.name, request.runKey) : undefined;
      const run = await launchRun(
        services,
        dispatch,
        {
          job: request.jobName ?? sensor.jobName,
          config: request.config ?? undefined,
          tags: {
            ...request.tags,
            [SENSOR_TAG]: sensor.name,
            ...(request.runKey !== null ? { [RUN_KEY_TAG]: request.runKey } : {}),
          },
        },
        { runId },
      );
      runIds.push(run.id);
      if (request.runKey !== null) recorded.push({ runKey: request.runKey, runId: run.id });
    }
    await recordRunKeys(store, sensor.name, recorded);
    return { runIds, skippedKeys };
  }

  function skipReason(evaluation: SensorEvaluation | null, skippedKeys: string[]): string {
    if (skippedKeys.length)
      return `run key(s) already launched by this sensor: ${skippedKeys.slice(0, 10).join(", ")}${skippedKeys.length > 10 ? ", ..." : ""}`;
    return evaluation?.skipReason ?? "no run requests";
  }

  async function evaluatePlain(
    sensor: SensorSnapshot,
    locationName: string,
    lease: { cursor: string | null; previous: Date | null },
  ): Promise<void> {
    let evaluation: SensorEvaluation;
    try {
      evaluation = await locations.evaluateSensor(locationName, sensor.name, lease.cursor, {
        lastTickAt: lease.previous,
        lastRunKey: await lastRunKey(store, sensor.name),
      });
    } catch (error) {
      await recordTick(store, "SENSOR", sensor.name, {
        status: "FAILURE",
        cursor: lease.cursor,
        error: new Error(`sensor "${sensor.name}" (location ${locationName}) failed: ${(error as Error).message}`, {
          cause: error,
        }),
      });
      return;
    }
    const cursor = evaluation.cursor ?? lease.cursor;
    try {
      const { runIds, skippedKeys } = await launchRequests(sensor, evaluation.runRequests);
      if (cursor !== lease.cursor) await saveCursor(sensor.name, cursor);
      await recordEvaluatedTick(sensor.name, runIds, cursor, skipReason(evaluation, skippedKeys));
    } catch (error) {
      await recordTick(store, "SENSOR", sensor.name, {
        status: "FAILURE",
        cursor: lease.cursor,
        error: new Error(`sensor "${sensor.name}" could not launch its runs: ${(error as Error).message}`, { cause: error }),
      });
    }
  }

  async function evaluateRunStatus(
    sensor: SensorSnapshot,
    locationName: string,
    lease: { cursor: string | null },
  ): Promise<void> {
    let position: RunStatusCursor | null = null;
    try {
      position = lease.cursor ? (JSON.parse(lease.cursor) as RunStatusCursor) : null;
    } catch {
      position = null;
    }
    if (!position?.t) {
      // A new run-status sensor watches from now on, not the whole history.
      const start = JSON.stringify({
        t: new Date().toISOString(),
        id: "00000000-0000-0000-0000-000000000000",
      } satisfies RunStatusCursor);
      await saveCursor(sensor.name, start);
      await recordTick(store, "SENSOR", sensor.name, {
        status: "SKIPPED",
        skipReason: "started watching run statuses",
        cursor: start,
      });
      return;
    }
    const statuses = sensor.onRunStatus ?? [];
    const runs = await store.prisma.$queryRawUnsafe<
      { id: string; job_name: string; status: string; tags: Record<string, string> | null; at: Date }[]
    >(
      `SELECT id::text AS id, job_name, status::text AS status, tags, coalesce(ended_at, updated_at) AS at FROM runs
        WHERE status = ANY($1::text[]::"RunStatus"[]) AND ($2::text[] IS NULL OR job_name = ANY($2::text[]))
          AND (coalesce(ended_at, updated_at), id) > ($3::timestamptz, $4::uuid)
        ORDER BY coalesce(ended_at, updated_at), id LIMIT ${RUNS_PER_EVALUATION}`,
      statuses,
      sensor.monitoredJobs ?? null,
      position.t,
      position.id,
    );
    if (runs.length === 0) {
      await recordTick(store, "SENSOR", sensor.name, {
        status: "SKIPPED",
        skipReason: `no run of ${sensor.monitoredJobs?.join(", ") ?? "any job"} reached ${statuses.join("/")}`,
        cursor: lease.cursor,
      });
      return;
    }
    const runIds: string[] = [];
    const skippedKeys: string[] = [];
    let failure: Error | undefined;
    let cursor = lease.cursor;
    for (const run of runs) {
      try {
        const evaluation = await locations.evaluateSensor(locationName, sensor.name, lease.cursor, {
          lastRunKey: await lastRunKey(store, sensor.name),
          run: { runId: run.id, jobName: run.job_name, status: run.status as never, tags: run.tags ?? {} },
        });
        const launched = await launchRequests(sensor, evaluation.runRequests);
        runIds.push(...launched.runIds);
        skippedKeys.push(...launched.skippedKeys);
      } catch (error) {
        // The run is passed over (as Dagster does), so one bad run does not stall the sensor; the tick says why.
        failure = new Error(
          `run-status sensor "${sensor.name}" (location ${locationName}) failed on run ${run.id}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      cursor = JSON.stringify({ t: run.at.toISOString(), id: run.id } satisfies RunStatusCursor);
    }
    await saveCursor(sensor.name, cursor);
    if (failure) await recordTick(store, "SENSOR", sensor.name, { status: "FAILURE", runIds, cursor, error: failure });
    else await recordEvaluatedTick(sensor.name, runIds, cursor, skipReason(null, skippedKeys));
  }

  async function evaluate(name: string): Promise<boolean> {
    const found = locations.findSensor(name);
    if (!found) return false;
    const { sensor, location } = found;
    await ensureState(store, { kind: "SENSOR", name, locationName: location.name, defaultStatus: sensor.defaultStatus });
    const lease = await takeLease(name, sensor.intervalSeconds * 1000);
    if (!lease) return false;
    if (sensor.onRunStatus?.length) await evaluateRunStatus(sensor, location.name, lease);
    else await evaluatePlain(sensor, location.name, lease);
    return true;
  }

  type Loop = NonNullable<ReturnType<typeof loops.get>>;
  function schedule(name: string, loop: Loop, delayMs: number): void {
    // A loop replaced or removed meanwhile (stop then start) must not keep a second timer chain going.
    if (stopped || loops.get(name) !== loop) return;
    loop.timer = setTimeout(() => {
      loop.timer = undefined;
      loop.evaluating = evaluate(name);
      loop.evaluating.then(
        (taken) => {
          options.onPass?.();
          // Not taken: another daemon evaluated it lately; look again in half an interval.
          schedule(name, loop, taken ? loop.intervalMs : Math.max(50, loop.intervalMs / 2));
        },
        (error: Error) => {
          log.error({ err: error, sensor: name }, `sensor loop failed for "${name}": ${error.message}`);
          options.onPass?.(error);
          schedule(name, loop, loop.intervalMs);
        },
      );
    }, delayMs);
    loop.timer.unref();
  }

  async function reconcile(): Promise<void> {
    const states = await readStates(store, "SENSOR");
    const wanted = new Map<string, SensorSnapshot>();
    for (const location of locations.list()) {
      for (const sensor of location.snapshot?.sensors ?? []) {
        if ((states.get(sensor.name)?.status ?? sensor.defaultStatus) === "RUNNING") wanted.set(sensor.name, sensor);
      }
    }
    for (const [name, loop] of loops) {
      if (wanted.has(name)) continue;
      if (loop.timer) clearTimeout(loop.timer);
      loops.delete(name);
    }
    if (stopped) return;
    for (const sensor of wanted.values()) {
      const intervalMs = sensor.intervalSeconds * 1000;
      const loop = loops.get(sensor.name);
      if (loop) {
        loop.intervalMs = intervalMs;
        continue;
      }
      const created: Loop = { intervalMs };
      loops.set(sensor.name, created);
      schedule(sensor.name, created, 0);
    }
  }

  return {
    reconcile,
    evaluate,
    running: () => [...loops.keys()],
    async stop() {
      stopped = true;
      const pending: Promise<unknown>[] = [];
      for (const loop of loops.values()) {
        if (loop.timer) clearTimeout(loop.timer);
        if (loop.evaluating) pending.push(loop.evaluating.catch(() => {}));
      }
      loops.clear();
      await Promise.all(pending);
    },
  };
}
