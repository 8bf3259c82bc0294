// The stored on/off state of schedules and sensors. A definition's defaultStatus applies until someone
// starts or stops it; the first daemon that sees a RUNNING-by-default instigator stores the state, so
// `runningSince` (the start of catch-up for schedules) is fixed once.
import type { InstigatorState } from "../generated/prisma/client.ts";
import type { Store } from "../store/openStore.ts";

export type InstigatorKind = "SCHEDULE" | "SENSOR";
export type InstigatorStatus = "RUNNING" | "STOPPED";

export interface InstigatorRef {
  kind: InstigatorKind;
  name: string;
  locationName: string;
  defaultStatus: InstigatorStatus;
}

export async function readStates(store: Store, kind: InstigatorKind): Promise<Map<string, InstigatorState>> {
  const rows = await store.prisma.instigatorState.findMany({ where: { kind } });
  return new Map(rows.map((r) => [r.name, r]));
}

/** Stores the default state when none is stored yet (no-op otherwise) and returns the stored state. */
export async function ensureState(store: Store, ref: InstigatorRef): Promise<InstigatorState> {
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO instigator_states (kind, name, location_name, status, running_since, updated_at)
     VALUES ($1::"InstigatorKind", $2, $3, $4::"InstigatorStatus", CASE WHEN $4 = 'RUNNING' THEN now() END, now())
     ON CONFLICT (kind, name) DO NOTHING`,
    ref.kind,
    ref.name,
    ref.locationName,
    ref.defaultStatus,
  );
  return (await store.prisma.instigatorState.findUnique({ where: { kind_name: { kind: ref.kind, name: ref.name } } }))!;
}

/** Starts or stops an instigator. Starting one that runs already keeps its runningSince. */
export async function setStatus(store: Store, ref: InstigatorRef, status: InstigatorStatus): Promise<InstigatorState> {
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO instigator_states (kind, name, location_name, status, running_since, updated_at)
     VALUES ($1::"InstigatorKind", $2, $3, $4::"InstigatorStatus", CASE WHEN $4 = 'RUNNING' THEN now() END, now())
     ON CONFLICT (kind, name) DO UPDATE SET
       status = EXCLUDED.status,
       location_name = EXCLUDED.location_name,
       running_since = CASE WHEN EXCLUDED.status = 'RUNNING' AND instigator_states.status = 'RUNNING' THEN instigator_states.running_since
                            ELSE EXCLUDED.running_since END,
       -- a restarted sensor is due at once, not one interval after its last evaluation
       last_tick_at = CASE WHEN EXCLUDED.status = 'RUNNING' AND instigator_states.status = 'STOPPED' THEN NULL ELSE instigator_states.last_tick_at END,
       updated_at = now()`,
    ref.kind,
    ref.name,
    ref.locationName,
    status,
  );
  return (await store.prisma.instigatorState.findUnique({ where: { kind_name: { kind: ref.kind, name: ref.name } } }))!;
}

export async function setCursor(store: Store, ref: InstigatorRef, cursor: string | null): Promise<InstigatorState> {
  await ensureState(store, ref);
  return store.prisma.instigatorState.update({ where: { kind_name: { kind: ref.kind, name: ref.name } }, data: { cursor } });
}
