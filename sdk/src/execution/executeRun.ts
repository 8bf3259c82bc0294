// The executor: plans a run's steps, runs ready ones concurrently (bounded), retries, passes outputs
// through IO managers and reports everything as events. User errors never throw out of it: the result
// and the terminal event say what happened.
import { serializeError } from "../events.ts";
import type { WeirEvent } from "../events.ts";
import type { Definitions, RunTarget } from "../definitions/types.ts";
import type { IOManager } from "../io/ioManager.ts";
import { createFileIOManager } from "../io/fileIOManager.ts";
import { buildPlan, type PlannedStep } from "../plan/executionPlan.ts";
import { validatePlanConfig, type RunConfig } from "../plan/runConfig.ts";
import { systemClock, type Clock } from "./clock.ts";
import { installConsoleCapture, runCaptured } from "./consoleCapture.ts";
import { checkOutputMetadata } from "./outputMetadata.ts";
import { ResourcePool } from "./resourcePool.ts";
import { retryDelay } from "./retryDelay.ts";
import { RunEvents } from "./runEvents.ts";
import type { PartitionKeysContext } from "../partitions/partitionsDefinition.ts";
import { partitionsOf } from "./partitionAccess.ts";
import { inputPartitions } from "./partitionInputs.ts";
import {
  PartitionRunError,
  partitionRequest,
  resolveRunPartitions,
  UNPARTITIONED,
  type PartitionKeyRange,
  type StepPartition,
} from "./runPartition.ts";
import { RunStepContext, StepLog } from "./stepContext.ts";

export interface ExecuteRunOptions {
  definitions: Definitions;
  runId: string;
  target: RunTarget;
  config?: unknown;
  /** Steps a re-execution runs; other upstreams are loaded from parentRunId (ops) or storage (assets). */
  stepSelection?: string[] | null;
  parentRunId?: string | null;
  /** The partition to materialize; default the run's "weir/partition" tag. */
  partitionKey?: string | null;
  /** A range of partitions for one run (assets with backfillPolicy "singleRun"); default the range tags. */
  partitionKeyRange?: PartitionKeyRange | null;
  /** What partition definitions need to list their keys (the time "now", dynamic partition keys). */
  partitionKeysContext?: PartitionKeysContext;
  tags?: Record<string, string>;
  /** Sequence number of the first event (default 1). */
  firstSeq?: number;
  /** Called synchronously for every event, in order. */
  emit: (event: WeirEvent) => void;
  signal?: AbortSignal;
  instanceDir: string;
  /** Steps running at once at most; default the job's maxConcurrency, else 8. */
  maxConcurrency?: number;
  clock?: Clock;
  random?: () => number;
  /** IO manager for steps that set none (default: files under <instanceDir>/storage). */
  ioManager?: IOManager;
  /** How long a step may run on after cancellation before it is abandoned (default 5000 ms). */
  cancelGraceMs?: number;
}

export type RunOutcome = "SUCCESS" | "FAILURE" | "CANCELED";

export interface RunResult {
  status: RunOutcome;
  /** Output of every step that succeeded in this run, by step key. */
  outputs: Record<string, unknown>;
}

const defaultIOManager = createFileIOManager();
const PENDING = 0,
  RUNNING = 1,
  SUCCEEDED = 2,
  FAILED = 3,
  SKIPPED = 4;

/** A step's inputs as indexes into the run's step list (-1: loaded through the IO manager). */
interface WiredInput {
  name: string;
  from: number;
  upstream: PlannedStep["inputs"][number];
  /** An unpartitioned upstream run by this plan: its value is passed as is, without a detour through a promise. */
  direct: boolean;
}

export async function executeRun(options: ExecuteRunOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const { runId, definitions } = options;
  const events = new RunEvents(runId, options.firstSeq ?? 1, options.emit, clock);
  const outputs: Record<string, unknown> = {};
  installConsoleCapture();

  events.emit("RUN_START", `Started execution of run ${runId}.`);

  let plan;
  let config: RunConfig;
  let stepPartitions: Map<string, StepPartition>;
  let partitionsCtx: PartitionKeysContext;
  try {
    plan = buildPlan(definitions, options.target, options.stepSelection);
    partitionsCtx = options.partitionKeysContext ?? { now: new Date(clock.now()) };
    stepPartitions = resolveRunPartitions(runId, plan, partitionRequest(runId, options), partitionsCtx);
    const checked = validatePlanConfig(definitions, plan, options.config);
    if (!checked.ok) {
      const detail = checked.violations.map((v) => `${v.path || "(root)"}: ${v.message}`).join("; ");
      events.end("RUN_FAILURE", `Run ${runId} has invalid config: ${detail}`, "ERROR", {
        reason: "INVALID_CONFIG",
        violations: checked.violations,
        failedSteps: [],
      });
      return { status: "FAILURE", outputs };
    }
    config = checked.value;
  } catch (error) {
    if (error instanceof PartitionRunError) {
      events.end("RUN_FAILURE", error.message, "ERROR", {
        reason: "PARTITION_ERROR",
        error: serializeError(error),
        failedSteps: [],
      });
      return { status: "FAILURE", outputs };
    }
    const e = serializeError(error);
    events.end("RUN_FAILURE", `Run ${runId} could not be planned: ${e.message}`, "ERROR", {
      reason: "PLAN_ERROR",
      error: e,
      failedSteps: [],
    });
    return { status: "FAILURE", outputs };
  }

  const signal = options.signal ?? new AbortController().signal;
  const tags = options.tags ?? {};
  const runDefaultIO = options.ioManager ?? defaultIOManager;
  const job = plan.job;
  const steps = plan.steps;
  const n = steps.length;
  const maxConcurrency = Math.max(1, options.maxConcurrency ?? job?.maxConcurrency ?? 8);
  const graceMs = options.cancelGraceMs ?? 5000;

  // Wiring by index keeps the hot loop free of map lookups.
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(steps[i]!.key, i);
  const wired: WiredInput[][] = new Array(n);
  const dependents: number[][] = new Array(n);
  const remaining = new Int32Array(n);
  const state = new Uint8Array(n);
  const values: unknown[] = new Array(n);
  // Partitioned steps: the value of each partition materialized in this run.
  const produced: (Map<string, unknown> | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) dependents[i] = [];
  for (let i = 0; i < n; i++) {
    const step = steps[i]!;
    wired[i] = step.inputs.map((input) => ({
      name: input.name,
      from: input.inPlan ? indexOf.get(input.upstreamKey)! : -1,
      upstream: input,
      direct: input.inPlan && partitionsOf(input.upstream) === undefined,
    }));
    for (const dep of step.deps) dependents[indexOf.get(dep)!]!.push(i);
    remaining[i] = step.deps.length;
  }

  const ioFor = (step: { def: PlannedStep["def"] }) =>
    (step.def.kind === "asset" ? step.def.ioManager : undefined) ?? job?.ioManager ?? runDefaultIO;
  // Values of upstreams outside this run, loaded once even when several steps need them.
  const external = new Map<string, Promise<unknown>>();

  const loadExternal = (
    stepKey: string,
    input: PlannedStep["inputs"][number],
    partitionKey: string | null,
    runPartitionKey: string | null,
  ): Promise<unknown> => {
    const cacheKey = partitionKey === null ? input.upstreamKey : `${input.upstreamKey}\u0000${partitionKey}`;
    let p = external.get(cacheKey);
    if (!p) {
      const up = input.upstream;
      const io = ioFor({ def: up });
      const isAsset = up.kind === "asset";
      p = io
        .loadInput({
          runId,
          stepKey,
          upstreamStepKey: input.upstreamKey,
          upstreamAssetKey: isAsset ? up.key : undefined,
          upstreamRunId: isAsset ? null : (options.parentRunId ?? null),
          partitionKey,
          instanceDir: options.instanceDir,
        })
        .then(async (value) => {
          // Store the parent's op output under this run too, so a re-execution of this run finds it.
          if (!isAsset)
            await io.handleOutput(
              { runId, stepKey: input.upstreamKey, partitionKey: runPartitionKey, instanceDir: options.instanceDir },
              value,
            );
          return value;
        });
      external.set(cacheKey, p);
      p.catch(() => external.delete(cacheKey)); // a retry may try again
    }
    return p;
  };

  const resources = new ResourcePool(definitions.resources, events);
  let canceled = false;
  const failedSteps: string[] = [];

  /** An input's value: in-run outputs where this run made them, else loaded (per upstream partition). */
  async function inputValue(i: number, w: WiredInput, partition: StepPartition): Promise<unknown> {
    const key = steps[i]!.key;
    const runPartitionKey = partition.keys.length === 1 ? partition.keys[0]! : null;
    const wanted = inputPartitions(steps[i]!, w.upstream, partition, partitionsCtx);
    if (wanted.keys === null) return w.from >= 0 ? values[w.from] : loadExternal(key, w.upstream, null, runPartitionKey);
    const made = w.from >= 0 ? produced[w.from] : undefined;
    const get = (pk: string) => (made?.has(pk) ? made.get(pk) : loadExternal(key, w.upstream, pk, runPartitionKey));
    if (!wanted.asMap) return get(wanted.keys[0]!);
    // Settle every load, then report the first failure in key order: the same message whatever finished first.
    const loaded = await Promise.allSettled(wanted.keys.map(get));
    const byKey: Record<string, unknown> = {};
    for (let k = 0; k < loaded.length; k++) {
      const one = loaded[k]!;
      if (one.status === "rejected") throw one.reason;
      byKey[wanted.keys[k]!] = one.value;
    }
    return byKey;
  }

  /** Stores a step's output (per partition for a partitioned asset); returns each stored partition's metadata. */
  async function storeOutput(
    i: number,
    partition: StepPartition,
    value: unknown,
  ): Promise<{ metadata: Record<string, unknown> | void; partitions: [string, Record<string, unknown>][] }> {
    const step = steps[i]!;
    const def = step.def;
    const io = ioFor(step);
    const base = { runId, stepKey: step.key, instanceDir: options.instanceDir };
    if (def.kind !== "asset" || partition.keys.length === 0) {
      const ctx =
        def.kind === "asset"
          ? { ...base, assetKey: def.key, partitionKey: null }
          : { ...base, partitionKey: partition.keys.length === 1 ? partition.keys[0]! : null };
      return { metadata: checkOutputMetadata(step.key, await io.handleOutput(ctx, value)), partitions: [] };
    }
    const perKey = partition.range === null ? null : rangedValues(step.key, partition, value);
    const made = new Map<string, unknown>();
    const partitions: [string, Record<string, unknown>][] = [];
    for (const pk of partition.keys) {
      const v = perKey ? perKey[pk] : value;
      const metadata = checkOutputMetadata(step.key, await io.handleOutput({ ...base, assetKey: def.key, partitionKey: pk }, v));
      made.set(pk, v);
      partitions.push([pk, metadata ?? {}]);
    }
    produced[i] = made;
    return { metadata: perKey ? undefined : partitions[0]![1], partitions };
  }

  async function runStep(i: number): Promise<boolean> {
    const step = steps[i]!;
    const key = step.key;
    const def = step.def;
    const fn = def.kind === "asset" ? def.compute : def.run;
    const retry = def.retry;
    const log = new StepLog(events, key);
    const partition = stepPartitions.get(key) ?? UNPARTITIONED;
    const stepConfig = config.ops[key];
    const started = clock.now();
    events.emit("STEP_START", `Started execution of step "${key}".`, key);
    for (let attempt = 1; ; attempt++) {
      try {
        const ins: Record<string, unknown> = {};
        for (const w of wired[i]!) ins[w.name] = w.direct ? values[w.from] : await inputValue(i, w, partition);
        const ctx = new RunStepContext(runId, key, attempt, partition, stepConfig, resources.values, log, signal, tags);
        let value = runCaptured(log, () => fn(ins, ctx));
        if (value !== null && typeof (value as PromiseLike<unknown>)?.then === "function") value = await value;
        const stored = await storeOutput(i, partition, value);
        values[i] = value;
        outputs[key] = value;
        events.emit("STEP_OUTPUT", `Yielded output "result" of step "${key}".`, key, "DEBUG", {
          outputName: "result",
          metadata: stored.metadata ?? {},
          ...(partition.range ? { partitionKeyRange: partition.range, partitionCount: partition.keys.length } : {}),
        });
        if (def.kind === "asset" && stored.partitions.length === 0) {
          events.emit("ASSET_MATERIALIZATION", `Materialized asset "${def.key}".`, key, "INFO", {
            assetKey: def.key,
            partitionKey: null,
            metadata: stored.metadata ?? {},
          });
        }
        for (const [pk, metadata] of stored.partitions) {
          events.emit("ASSET_MATERIALIZATION", `Materialized partition "${pk}" of asset "${key}".`, key, "INFO", {
            assetKey: key,
            partitionKey: pk,
            metadata,
          });
        }
        const durationMs = clock.now() - started;
        events.emit("STEP_SUCCESS", `Finished execution of step "${key}" in ${durationMs} ms.`, key, "INFO", { durationMs });
        log.closed = true;
        return true;
      } catch (error) {
        if (!canceled && retry && attempt <= retry.maxRetries) {
          const delayMs = retryDelay(retry, attempt, random);
          const e = serializeError(error);
          events.emit(
            "STEP_UP_FOR_RETRY",
            `Step "${key}" failed (attempt ${attempt}): ${e.message}; retrying in ${delayMs} ms.`,
            key,
            "WARNING",
            { attempt, delayMs, error: e },
          );
          await clock.sleep(delayMs, signal);
          if (!canceled && !signal.aborted) {
            events.emit("STEP_RESTARTED", `Restarted step "${key}" (attempt ${attempt + 1}).`, key, "INFO", {
              attempt: attempt + 1,
            });
            continue;
          }
        }
        const e = serializeError(error);
        const durationMs = clock.now() - started;
        events.emit(
          "STEP_FAILURE",
          `Step "${key}" failed in run ${runId}${attempt > 1 ? ` after ${attempt} attempts` : ""}: ${e.message}`,
          key,
          "ERROR",
          { error: e, attempt, durationMs, canceled: canceled || signal.aborted },
        );
        log.closed = true;
        return false;
      }
    }
  }

  /** Marks every not-yet-run step downstream of a failed one as skipped, naming the failed step. */
  function skipDownstream(failed: number): void {
    const stack = [...dependents[failed]!];
    const failedKey = steps[failed]!.key;
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (state[d] !== PENDING) continue;
      state[d] = SKIPPED;
      events.emit(
        "STEP_SKIPPED",
        `Skipped step "${steps[d]!.key}": upstream step "${failedKey}" failed.`,
        steps[d]!.key,
        "WARNING",
        { failedUpstream: failedKey },
      );
      for (const x of dependents[d]!) stack.push(x);
    }
  }

  let abandoned: string[] = [];
  const runSteps = () =>
    new Promise<void>((resolve) => {
      const ready: number[] = [];
      let head = 0;
      let running = 0;
      let settled = false;
      const finish = () => {
        if (!settled) {
          settled = true;
          signal.removeEventListener("abort", onAbort);
          graceStop.abort();
          resolve();
        }
      };
      const graceStop = new AbortController();
      const onAbort = () => {
        if (canceled || settled) return;
        canceled = true;
        events.emit("RUN_CANCELING", `Canceling run ${runId}.`, null, "WARNING");
        if (running === 0) return finish();
        // Steps that ignore the signal are awaited for a grace period, then abandoned.
        void clock.sleep(graceMs, graceStop.signal).then(() => {
          if (settled) return;
          abandoned = steps.filter((_, j) => state[j] === RUNNING).map((s) => s.key);
          finish();
        });
      };
      const done = (i: number, ok: boolean) => {
        running--;
        state[i] = ok ? SUCCEEDED : FAILED;
        if (ok) {
          for (const d of dependents[i]!) if (--remaining[d]! === 0 && state[d] === PENDING) ready.push(d);
        } else {
          failedSteps.push(steps[i]!.key);
          if (!canceled) skipDownstream(i);
        }
        pump();
      };
      const pump = () => {
        while (!canceled && running < maxConcurrency && head < ready.length) {
          const i = ready[head++]!;
          state[i] = RUNNING;
          running++;
          // runStep handles user errors itself; a rejection here is an event sink failure: count the step failed, don't hang.
          runStep(i).then(
            (ok) => done(i, ok),
            () => done(i, false),
          );
        }
        if (running === 0 && (canceled || head >= ready.length)) finish();
      };
      for (let i = 0; i < n; i++) if (remaining[i] === 0) ready.push(i);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      if (!settled) pump();
    });

  let initFailure: unknown = null;
  if (signal.aborted) {
    events.emit("RUN_CANCELING", `Canceling run ${runId}.`, null, "WARNING");
    canceled = true;
  } else {
    try {
      await resources.init(config.resources);
    } catch (error) {
      initFailure = error;
    }
  }
  if (!initFailure && !canceled) await runSteps();
  await resources.teardown();
  const storeFailure = await flushIOManagers([
    runDefaultIO,
    job?.ioManager,
    ...steps.map((s) => (s.def.kind === "asset" ? s.def.ioManager : undefined)),
  ]);

  if (abandoned.length > 0) {
    events.emit(
      "ENGINE_EVENT",
      `Abandoned step(s) ${abandoned.map((k) => `"${k}"`).join(", ")}: still running ${graceMs} ms after cancellation.`,
      null,
      "WARNING",
      { abandonedSteps: abandoned },
    );
  }
  if (canceled) {
    events.end("RUN_CANCELED", `Run ${runId} was canceled.`, "WARNING", { failedSteps });
    return { status: "CANCELED", outputs };
  }
  if (initFailure) {
    const e = serializeError(initFailure);
    events.end("RUN_FAILURE", e.message, "ERROR", { reason: "RESOURCE_INIT_FAILURE", error: e, failedSteps: [] });
    return { status: "FAILURE", outputs };
  }
  if (storeFailure) {
    const e = serializeError(storeFailure);
    events.end("RUN_FAILURE", e.message, "ERROR", { reason: "OUTPUT_STORE_FAILURE", error: e, failedSteps });
    return { status: "FAILURE", outputs };
  }
  if (failedSteps.length > 0) {
    const list = failedSteps.map((k) => `"${k}"`).join(", ");
    events.end("RUN_FAILURE", `Run ${runId} failed: step(s) ${list} failed.`, "ERROR", { reason: "STEP_FAILURE", failedSteps });
    return { status: "FAILURE", outputs };
  }
  events.end("RUN_SUCCESS", `Finished run ${runId} successfully.`, "INFO", null);
  return { status: "SUCCESS", outputs };
}

/** Waits for every IO manager of the run to finish storing outputs; returns the first failure. */
async function flushIOManagers(managers: (IOManager | undefined)[]): Promise<unknown> {
  let failure: unknown = null;
  for (const io of new Set(managers)) {
    if (!io?.flush) continue;
    try {
      await io.flush();
    } catch (error) {
      failure ??= error;
    }
  }
  return failure;
}

/** A ranged run's asset returns one value per partition, keyed by partition key. */
function rangedValues(stepKey: string, partition: StepPartition, value: unknown): Record<string, unknown> {
  const range = `"${partition.range!.start}".."${partition.range!.end}"`;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error(
      `asset "${stepKey}" ran for partition range ${range} and returned ${Array.isArray(value) ? "an array" : String(value === null ? null : typeof value)}: a ranged run's compute returns an object keyed by partition key`,
    );
  const byKey = value as Record<string, unknown>;
  const missing = partition.keys.filter((k) => !Object.hasOwn(byKey, k));
  if (missing.length > 0)
    throw new Error(
      `asset "${stepKey}" ran for partition range ${range} but returned no value for partition(s) ${missing
        .slice(0, 5)
        .map((k) => `"${k}"`)
        .join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`,
    );
  return byKey;
}
