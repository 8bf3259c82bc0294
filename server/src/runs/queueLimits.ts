// The run queue's limits and the one decision made with them: given the runs in progress and the queued
// runs in dequeue order (priority, then age), which may start now and why each other one waits. Pure, so
// the claimer, the API ("why does this run wait") and the tests all use the same rule.
import { z } from "zod";

export const tagConcurrencyLimitSchema = z
  .object({
    key: z.string().min(1),
    /** Only runs whose tag `key` has this value count; without it, any value of the key counts. */
    value: z.string().optional(),
    limit: z.number().int().min(0),
    /** Applies the limit to each distinct value of `key` separately (Dagster's applyLimitPerUniqueValue). */
    perUniqueValue: z.boolean().optional(),
  })
  .refine((l) => !(l.perUniqueValue && l.value !== undefined), { message: "perUniqueValue and value exclude each other" });

export const runQueueLimitsSchema = z.object({
  maxConcurrentRuns: z.number().int().min(0),
  tagConcurrencyLimits: z.array(tagConcurrencyLimitSchema).default([]),
});

export type TagConcurrencyLimit = z.infer<typeof tagConcurrencyLimitSchema>;
export type RunQueueLimits = z.infer<typeof runQueueLimitsSchema>;

export type RunTags = Record<string, string>;

export interface QueuedRunRef {
  id: string;
  tags: RunTags;
}

export type WaitReason =
  | { kind: "MAX_CONCURRENT_RUNS"; message: string }
  | { kind: "TAG_CONCURRENCY_LIMIT"; message: string; limit: TagConcurrencyLimit; tagValue: string };

export interface DequeuePlan {
  /** Runs that may start now, in dequeue order. */
  start: string[];
  /** Why each other examined run waits. */
  waiting: Map<string, WaitReason>;
}

/** The bucket a run's tags fall into for one limit, or null when the limit does not apply to the run. */
function bucket(limit: TagConcurrencyLimit, tags: RunTags): string | null {
  const value = tags[limit.key];
  if (value === undefined) return null;
  if (limit.value !== undefined) return value === limit.value ? value : null;
  return limit.perUniqueValue ? value : "*";
}

function describeLimit(limit: TagConcurrencyLimit, value: string): string {
  if (limit.value !== undefined) return `${limit.key}=${limit.value}`;
  return limit.perUniqueValue ? `${limit.key}=${value} (per value)` : `${limit.key} (any value)`;
}

/**
 * Walks the queued runs in order, admitting each run whose start keeps every limit, counting it as in
 * progress for the runs after it. A run blocked by a tag limit does not stop the walk: runs behind it
 * with other tags still start. Stops admitting (but keeps explaining) once `maxConcurrentRuns` is reached.
 */
export function planDequeue(
  limits: RunQueueLimits,
  inProgress: readonly RunTags[],
  queued: readonly QueuedRunRef[],
): DequeuePlan {
  const counts = limits.tagConcurrencyLimits.map(() => new Map<string, number>());
  const add = (tags: RunTags) => {
    limits.tagConcurrencyLimits.forEach((limit, i) => {
      const b = bucket(limit, tags);
      if (b !== null) counts[i]!.set(b, (counts[i]!.get(b) ?? 0) + 1);
    });
  };
  for (const tags of inProgress) add(tags);
  let running = inProgress.length;
  const start: string[] = [];
  const waiting = new Map<string, WaitReason>();
  for (const run of queued) {
    if (running >= limits.maxConcurrentRuns) {
      waiting.set(run.id, {
        kind: "MAX_CONCURRENT_RUNS",
        message: `waiting for a free slot: ${running} run(s) in progress or starting, maxConcurrentRuns is ${limits.maxConcurrentRuns}`,
      });
      continue;
    }
    let blocked: WaitReason | undefined;
    limits.tagConcurrencyLimits.forEach((limit, i) => {
      if (blocked) return;
      const b = bucket(limit, run.tags);
      if (b === null) return;
      const used = counts[i]!.get(b) ?? 0;
      if (used >= limit.limit) {
        const tagValue = run.tags[limit.key]!;
        blocked = {
          kind: "TAG_CONCURRENCY_LIMIT",
          message: `blocked by the tag concurrency limit ${describeLimit(limit, tagValue)}: ${used} of ${limit.limit} in progress or starting`,
          limit,
          tagValue,
        };
      }
    });
    if (blocked) {
      waiting.set(run.id, blocked);
      continue;
    }
    start.push(run.id);
    add(run.tags);
    running++;
  }
  return { start, waiting };
}
