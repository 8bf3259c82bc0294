// Stop requests between two processes' buses on one real PostgreSQL (LISTEN/NOTIFY): the process that
// runs the run answers, the others stay silent, and with no owner the request times out.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { pino } from "pino";
import { openTestStore } from "../../test/databases.ts";
import { waitFor } from "../daemon/daemonTestHarness.ts";
import { createEventSink } from "../events/eventSink.ts";
import { startCrossProcessBus, type CrossProcessBus } from "../store/crossProcessBus.ts";
import { answerStopRequests, askOwnerToStop } from "./ownerTermination.ts";

describe("stop requests across processes [postgres]", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function processBus(store: Awaited<ReturnType<typeof openTestStore>>): Promise<CrossProcessBus> {
    const sink = createEventSink(store);
    const bus = await startCrossProcessBus({ store, sink, databaseUrl: store.location });
    cleanups.push(
      () => sink.close(),
      () => bus.close(),
    );
    return bus;
  }

  it("the owner answers and stops its worker; a process that does not run the run stays silent", async () => {
    const store = await openTestStore("postgres");
    cleanups.push(() => store.close());
    const [owner, bystander, asker] = [await processBus(store), await processBus(store), await processBus(store)];
    const stopped: string[] = [];
    const log = pino({ level: "silent" });
    answerStopRequests(
      owner,
      async (runId) => {
        if (runId !== "run-a") return false;
        stopped.push(runId);
        return true;
      },
      log,
    );
    const bystanderAsked: string[] = [];
    answerStopRequests(
      bystander,
      async (runId) => {
        bystanderAsked.push(runId);
        return false;
      },
      log,
    );

    assert.equal(await askOwnerToStop(asker, "run-a", 10_000), true, "the owner answered");
    assert.deepEqual(stopped, ["run-a"]);
    await waitFor("the bystander to hear the request", async () => bystanderAsked.length > 0);
    assert.deepEqual(bystanderAsked, ["run-a"], "every process hears the request, only the owner answers");

    assert.equal(await askOwnerToStop(asker, "run-b", 500), false, "no process runs run-b: no answer");
    assert.deepEqual(stopped, ["run-a"]);
  });
});
