// Runs for store-level tests and benchmarks, stored the way launchRun stores them (insertQueuedRun): QUEUED,
// with RUN_ENQUEUED as seq 1. Events a test appends start at seq 2, and every later status comes from
// events through the event sink, as in production.
import { randomUUID } from "node:crypto";
import type { Run } from "../src/generated/prisma/client.ts";
import type { SqlQueryable } from "../src/store/openStore.ts";
import { insertQueuedRun, runEnqueuedEvent, type CreateRunInput } from "../src/store/runs.ts";

/** The seq of the first event a test appends to a run from queueTestRun. */
export const FIRST_TEST_SEQ = 2;

export async function queueTestRun(db: SqlQueryable, input: Omit<CreateRunInput, "id"> & { id?: string }): Promise<Run> {
  const id = input.id ?? randomUUID();
  const enqueued = runEnqueuedEvent(id, input.jobName);
  return insertQueuedRun(db, { ...input, id }, [enqueued]);
}
