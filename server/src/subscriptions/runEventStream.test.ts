// The runEvents stream across processes: a subscription in one process follows a run whose events another
// process stores, and keeps every event, once and in order, across a LISTEN connection the database ends.
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import type { EventType, WeirEvent } from "@weir/sdk";
import { startBusProcess, terminateListeners, type BusProcess } from "../../test/busProcesses.ts";
import { waitFor } from "../daemon/daemonTestHarness.ts";
import { openTestStore, type TestStore } from "../../test/databases.ts";
import { queueTestRun } from "../../test/queuedRuns.ts";
import { openStore, type Store } from "../store/openStore.ts";
import { streamRunEvents } from "./runEventStream.ts";

function event(runId: string, seq: number, type: EventType = "LOG"): WeirEvent {
  return { runId, seq, type, message: `${type} ${seq}`, timestamp: Date.now() };
}

describe("run event stream across processes [postgres]", () => {
  let storeA: TestStore;
  let storeB: Store;
  let api: BusProcess;
  let worker: BusProcess;
  before(async () => {
    storeA = await openTestStore("postgres");
    storeB = await openStore({ instanceDir: tmpdir(), databaseUrl: storeA.location });
    api = await startBusProcess(storeA, storeA.location);
    worker = await startBusProcess(storeB, storeA.location);
  });
  after(async () => {
    await api?.close();
    await worker?.close();
    await storeB?.close();
    await storeA?.close();
  });

  it("delivers every event stored while its LISTEN connection was down, once, in order, then completes", async () => {
    const run = await queueTestRun(storeA, { jobName: "followed" });
    const received: number[] = [];
    let completed = false;
    const abort = new AbortController();
    const consuming = (async () => {
      for await (const batch of streamRunEvents({
        store: storeA,
        sink: api.allProcesses,
        runId: run.id,
        afterSeq: 0,
        signal: abort.signal,
      })) {
        received.push(...batch.map((e) => e.seq));
      }
      completed = true;
    })();
    try {
      worker.sink.append(event(run.id, 2, "RUN_START"));
      for (let seq = 3; seq <= 11; seq++) worker.sink.append(event(run.id, seq));
      await worker.sink.flush();
      await waitFor("the live events before the cut", async () => received.length === 11);

      await terminateListeners(storeA);
      // Stored by the other process while this one's LISTEN connection is gone: no notification reaches it.
      for (let seq = 12; seq <= 41; seq++) worker.sink.append(event(run.id, seq));
      worker.sink.append(event(run.id, 42, "RUN_SUCCESS"));
      await worker.sink.flush();

      await waitFor("the stream to complete with the run's final event", async () => completed, 20_000);
      assert.deepEqual(
        received,
        Array.from({ length: 42 }, (_, i) => i + 1),
        "every seq once, in order",
      );
    } finally {
      abort.abort();
      await consuming.catch(() => {});
    }
  });
});
