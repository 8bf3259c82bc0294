// Per-step statistics of a run, derived by the event sink from STEP_* events.
import type { StepStats } from "../generated/prisma/client.ts";
import type { Store } from "./openStore.ts";

export async function stepStats(store: Store, runId: string): Promise<StepStats[]> {
  return store.prisma.stepStats.findMany({
    where: { runId },
    orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { stepKey: "asc" }],
  });
}
