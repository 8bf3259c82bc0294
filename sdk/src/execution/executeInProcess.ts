// Runs a job or assets in this process without a server or store: for tests and notebooks.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WeirEvent } from "../events.ts";
import type { Definitions, RunTarget } from "../definitions/types.ts";
import type { IOManager } from "../io/ioManager.ts";
import type { PartitionKeysContext } from "../partitions/partitionsDefinition.ts";
import type { Clock } from "./clock.ts";
import type { PartitionKeyRange } from "./runPartition.ts";
import { executeRun, type RunOutcome } from "./executeRun.ts";

export interface ExecuteInProcessOptions {
  config?: unknown;
  /** Where outputs are stored; default a fresh temporary directory. */
  instanceDir?: string;
  signal?: AbortSignal;
  maxConcurrency?: number;
  runId?: string;
  tags?: Record<string, string>;
  /** Materialize this one partition of the target's partitioned assets. */
  partitionKey?: string | null;
  /** Materialize these partitions (both ends included) in one run: for assets with backfillPolicy "singleRun". */
  partitionKeyRange?: PartitionKeyRange | null;
  /** What partition definitions need to list their keys (the time "now", dynamic partition keys). */
  partitionKeysContext?: PartitionKeysContext;
  stepSelection?: string[] | null;
  parentRunId?: string | null;
  ioManager?: IOManager;
  clock?: Clock;
  random?: () => number;
  /** Also called with each event as it happens. */
  onEvent?: (event: WeirEvent) => void;
}

export interface ExecuteInProcessResult {
  success: boolean;
  status: RunOutcome;
  runId: string;
  events: WeirEvent[];
  outputs: Record<string, unknown>;
}

export async function executeInProcess(
  defs: Definitions,
  target: RunTarget,
  options: ExecuteInProcessOptions = {},
): Promise<ExecuteInProcessResult> {
  const events: WeirEvent[] = [];
  const runId = options.runId ?? randomUUID();
  const onEvent = options.onEvent;
  const result = await executeRun({
    definitions: defs,
    runId,
    target,
    config: options.config,
    stepSelection: options.stepSelection ?? null,
    parentRunId: options.parentRunId ?? null,
    partitionKey: options.partitionKey ?? null,
    partitionKeyRange: options.partitionKeyRange ?? null,
    partitionKeysContext: options.partitionKeysContext,
    tags: options.tags,
    signal: options.signal,
    maxConcurrency: options.maxConcurrency,
    instanceDir: options.instanceDir ?? mkdtempSync(join(tmpdir(), "weir-")),
    ioManager: options.ioManager,
    clock: options.clock,
    random: options.random,
    emit: onEvent ? (e) => (events.push(e), onEvent(e)) : (e) => void events.push(e),
  });
  return { success: result.status === "SUCCESS", status: result.status, runId, events, outputs: result.outputs };
}
