import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { WeirEvent } from "@weir/sdk";
import { forEachDatabase, openTestStore, type TestStore } from "../../test/databases.ts";
import { createEventSink } from "../events/eventSink.ts";
import { getEvents, maxSeq } from "./events.ts";
import { queueTestRun } from "../../test/queuedRuns.ts";

forEachDatabase("events store", (kind) => {
  let store: TestStore;
  let runId: string;
  before(async () => {
    store = await openTestStore(kind);
    runId = (await queueTestRun(store, { jobName: "pages" })).id;
    const sink = createEventSink(store);
    // seq 1 is the run's RUN_ENQUEUED.
    for (let seq = 2; seq <= 300; seq++) {
      const e: WeirEvent =
        seq % 10 === 0
          ? { runId, seq, type: "STEP_START", stepKey: `step${seq % 3}`, message: "", timestamp: seq }
          : {
              runId,
              seq,
              type: "LOG",
              stepKey: `step${seq % 3}`,
              level: seq % 2 ? "INFO" : "DEBUG",
              message: `m${seq}`,
              timestamp: seq,
              data: { source: "logger" },
            };
      sink.append(e);
    }
    await sink.close();
  });
  after(async () => {
    await store?.close();
  });

  it("pages forward and backward by seq", async () => {
    const first = await getEvents(store, runId, { limit: 100 });
    assert.deepEqual(
      first.map((e) => e.seq),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    const next = await getEvents(store, runId, { afterSeq: 100, limit: 100 });
    assert.equal(next[0]!.seq, 101);
    const last = await getEvents(store, runId, { limit: 5, descending: true });
    assert.deepEqual(
      last.map((e) => e.seq),
      [300, 299, 298, 297, 296],
    );
    const before = await getEvents(store, runId, { limit: 3, beforeSeq: 10, descending: true });
    assert.deepEqual(
      before.map((e) => e.seq),
      [9, 8, 7],
    );
    assert.equal(first[0]!.type, "RUN_ENQUEUED");
    assert.deepEqual(first[1], {
      runId,
      seq: 2,
      type: "LOG",
      stepKey: "step2",
      level: "DEBUG",
      message: "m2",
      timestamp: 2,
      data: { source: "logger" },
    });
  });

  it("filters by types, step and levels", async () => {
    const starts = await getEvents(store, runId, { limit: 1000, types: ["STEP_START"] });
    assert.equal(starts.length, 30);
    assert.ok(starts.every((e) => e.type === "STEP_START"));
    const step0 = await getEvents(store, runId, { limit: 1000, stepKey: "step0" });
    assert.equal(step0.length, 100);
    const debug = await getEvents(store, runId, { limit: 1000, levels: ["DEBUG"], afterSeq: 200 });
    assert.ok(debug.length > 0 && debug.every((e) => e.level === "DEBUG" && e.seq > 200));
  });

  it("knows the highest seq of a run (0 for none)", async () => {
    assert.equal(await maxSeq(store, runId), 300);
    assert.equal(await maxSeq(store, "00000000-0000-4000-8000-000000000000"), 0);
  });
});
