// Ticks: one row per schedule tick or sensor evaluation. A schedule tick is claimed by inserting its row
// keyed by (kind, name, scheduled time): the insert that wins launches it, any other daemon (or a restart)
// finds the row and does nothing.
import { serializeError, type SerializedError } from "@weir/sdk";
import type { InstigatorTick } from "../generated/prisma/client.ts";
import type { Store } from "../store/openStore.ts";
import type { InstigatorKind } from "./instigatorStates.ts";

export type TickStatus = "STARTED" | "SUCCESS" | "SKIPPED" | "FAILURE";

export interface TickOutcome {
  status: Exclude<TickStatus, "STARTED">;
  runIds?: string[];
  skipReason?: string | null;
  error?: unknown;
  cursor?: string | null;
}

function errorJson(error: unknown): SerializedError | null {
  return error === undefined || error === null ? null : serializeError(error);
}

/** Claims a schedule tick; returns its id, or null when another process (or an earlier run) has it. */
export async function claimScheduleTick(store: Store, name: string, scheduledAt: Date): Promise<bigint | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ id: bigint }[]>(
    `INSERT INTO instigator_ticks (kind, name, scheduled_at, status) VALUES ('SCHEDULE', $1, $2::timestamptz, 'STARTED')
     ON CONFLICT (kind, name, scheduled_at) DO NOTHING RETURNING id`,
    name,
    scheduledAt,
  );
  return rows[0]?.id ?? null;
}

/** How far back (in ticks of one schedule) a tick left STARTED is looked for: an index range, never a scan. */
const STRANDED_TICK_WINDOW = 100;

/**
 * Ticks of a schedule still STARTED among its newest ones, oldest first: being launched by a live daemon,
 * or left so by one that died mid-tick (the caller tells them apart with the tick's lock).
 */
export async function startedScheduleTicks(store: Store, name: string): Promise<{ id: bigint; scheduledAt: Date }[]> {
  const rows = await store.prisma.$queryRawUnsafe<{ id: bigint; scheduled_at: Date }[]>(
    `SELECT id, scheduled_at FROM (
       SELECT id, scheduled_at, status FROM instigator_ticks WHERE kind = 'SCHEDULE' AND name = $1
        ORDER BY scheduled_at DESC LIMIT ${STRANDED_TICK_WINDOW}
     ) newest WHERE status = 'STARTED' ORDER BY scheduled_at`,
    name,
  );
  return rows.map((r) => ({ id: r.id, scheduledAt: r.scheduled_at }));
}

/** Whether the tick is still STARTED (not finished meanwhile by whoever held it). */
export async function isTickStarted(store: Store, id: bigint): Promise<boolean> {
  return (await store.prisma.instigatorTick.count({ where: { id, status: "STARTED" } })) === 1;
}

/** Records schedule ticks that will not run (catch-up beyond its limit); ticks already recorded stay. */
export async function recordSkippedScheduleTicks(
  store: Store,
  name: string,
  scheduledAt: Date[],
  skipReason: string,
): Promise<number> {
  if (scheduledAt.length === 0) return 0;
  return store.prisma.$executeRawUnsafe(
    `INSERT INTO instigator_ticks (kind, name, scheduled_at, status, skip_reason, ended_at)
     SELECT 'SCHEDULE', $1, t, 'SKIPPED', $3, now() FROM unnest($2::timestamptz[]) AS t
     ON CONFLICT (kind, name, scheduled_at) DO NOTHING`,
    name,
    scheduledAt,
    skipReason,
  );
}

export async function finishTick(store: Store, id: bigint, outcome: TickOutcome): Promise<void> {
  await store.prisma.instigatorTick.update({
    where: { id },
    data: {
      status: outcome.status,
      runIds: outcome.runIds ?? [],
      skipReason: outcome.skipReason ?? null,
      error: (errorJson(outcome.error) as object | null) ?? undefined,
      cursor: outcome.cursor ?? undefined,
      endedAt: new Date(),
    },
  });
}

/** Records a finished tick in one insert (sensor evaluations: the lease already made them exclusive). */
export async function recordTick(
  store: Store,
  kind: InstigatorKind,
  name: string,
  outcome: TickOutcome,
): Promise<InstigatorTick> {
  return store.prisma.instigatorTick.create({
    data: {
      kind,
      name,
      status: outcome.status,
      runIds: outcome.runIds ?? [],
      skipReason: outcome.skipReason ?? null,
      error: (errorJson(outcome.error) as object | null) ?? undefined,
      cursor: outcome.cursor ?? null,
      endedAt: new Date(),
    },
  });
}

/** The newest scheduled time recorded for a schedule, or null. */
export async function lastScheduledAt(store: Store, name: string): Promise<Date | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT max(scheduled_at) AS at FROM instigator_ticks WHERE kind = 'SCHEDULE' AND name = $1`,
    name,
  );
  return rows[0]?.at ?? null;
}

export interface TickPage {
  ticks: InstigatorTick[];
  hasNextPage: boolean;
}

/** Ticks newest first; `before` is the id of the last tick of the previous page. */
export async function listTicks(
  store: Store,
  kind: InstigatorKind,
  name: string,
  options: { first: number; before?: bigint | null; statuses?: TickStatus[] },
): Promise<TickPage> {
  const rows = await store.prisma.instigatorTick.findMany({
    where: {
      kind,
      name,
      ...(options.before != null ? { id: { lt: options.before } } : {}),
      ...(options.statuses?.length ? { status: { in: options.statuses } } : {}),
    },
    orderBy: { id: "desc" },
    take: options.first + 1,
  });
  return { ticks: rows.slice(0, options.first), hasNextPage: rows.length > options.first };
}
