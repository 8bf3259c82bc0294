// The cross-process bus between two stores on one PostgreSQL database (as two Weir processes would be),
// over real LISTEN/NOTIFY: signals, stored events and status changes reach the other process, and a
// LISTEN connection the database ends is re-established, with resync listeners told so.
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import type { EventType, WeirEvent } from "@weir/sdk";
import { startBusProcess, terminateListeners, type BusProcess } from "../../test/busProcesses.ts";
import { waitFor } from "../daemon/daemonTestHarness.ts";
import { openTestStore, type TestStore } from "../../test/databases.ts";
import { queueTestRun } from "../../test/queuedRuns.ts";
import { createEventSink } from "../events/eventSink.ts";
import { isRemoteChange, startCrossProcessBus, type SignalKind } from "./crossProcessBus.ts";
import { openStore, type Store } from "./openStore.ts";
import type { RunStatusChange } from "./runStatusBus.ts";

function event(runId: string, seq: number, type: EventType = "LOG"): WeirEvent {
  return { runId, seq, type, message: `${type} ${seq}`, timestamp: Date.now() };
}

describe("cross-process bus [postgres]", () => {
  let storeA: TestStore;
  let storeB: Store;
  let a: BusProcess;
  let b: BusProcess;
  before(async () => {
    storeA = await openTestStore("postgres");
    storeB = await openStore({ instanceDir: tmpdir(), databaseUrl: storeA.location });
    a = await startBusProcess(storeA, storeA.location);
    b = await startBusProcess(storeB, storeA.location);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await storeB?.close();
    await storeA?.close();
  });

  it("tells every process a signal, the sender included, in the order sent", async () => {
    const seenA: string[] = [];
    const seenB: string[] = [];
    const record = (into: string[]) => (kind: SignalKind, data: Record<string, unknown>) => into.push(`${kind}:${data.n}`);
    const offA = a.bus.subscribeSignals(record(seenA));
    const offB = b.bus.subscribeSignals(record(seenB));
    a.bus.signal("runsQueued", { n: 1 });
    a.bus.signal("instigatorsChanged", { n: 2 });
    await waitFor("both signals in the other process", async () => seenB.length === 2);
    assert.deepEqual(seenB, ["runsQueued:1", "instigatorsChanged:2"]);
    assert.deepEqual(seenA, ["runsQueued:1", "instigatorsChanged:2"], "the sender hears its own signal once, at once");
    offA();
    offB();
  });

  it("relays events stored by one process to the other's subscribers, each once, in seq order", async () => {
    const run = await queueTestRun(storeA, { jobName: "relay" });
    const seen: number[] = [];
    const off = a.allProcesses.subscribe((events) => seen.push(...events.filter((e) => e.runId === run.id).map((e) => e.seq)));
    for (let seq = 2; seq <= 301; seq++) {
      b.sink.append(event(run.id, seq));
      if (seq % 50 === 0) await b.sink.flush();
    }
    await b.sink.flush();
    await waitFor("300 events relayed", async () => seen.length >= 300);
    // Events of this process reach the same subscribers directly, and are not relayed back to it.
    a.sink.append(event(run.id, 302));
    await a.sink.flush();
    await waitFor("the local event", async () => seen.includes(302));
    assert.deepEqual(
      seen,
      Array.from({ length: 301 }, (_, i) => i + 2),
    );
    off();
  });

  it("relays status changes, marked as made by another process", async () => {
    const run = await queueTestRun(storeA, { jobName: "status" });
    const changes: { change: RunStatusChange; remote: boolean }[] = [];
    const off = storeA.statusChanges.subscribe((change) => {
      if (change.runId === run.id) changes.push({ change, remote: isRemoteChange(change) });
    });
    b.sink.append(event(run.id, 2, "RUN_START"));
    await b.sink.flush();
    const seen = await waitFor("the status change in the other process", async () =>
      changes.find((c) => c.change.status === "STARTED"),
    );
    assert.equal(seen.remote, true);
    assert.equal(seen.change.previous, "QUEUED");
    assert.equal(seen.change.jobName, "status");
    off();
  });

  it("listens again after the database ends its LISTEN connection, telling resync listeners, and relays again", async () => {
    let resyncs = 0;
    const off = a.allProcesses.subscribeResync!(() => resyncs++);
    const run = await queueTestRun(storeA, { jobName: "reconnect" });
    const seen: number[] = [];
    const offEvents = a.allProcesses.subscribe((events) =>
      seen.push(...events.filter((e) => e.runId === run.id).map((e) => e.seq)),
    );
    const ended = await terminateListeners(storeA);
    assert.equal(ended.length, 2, "both processes' LISTEN connections were ended");
    await waitFor("process A to listen again", async () => resyncs === 1);
    assert.ok(
      a.errors.some((m) => /LISTEN connection was lost/.test(m)),
      a.errors.join(" | "),
    );
    // Each process reconnects on its own backoff: wait for both LISTEN connections, not only A's.
    await waitFor(
      "both processes to listen again",
      async () =>
        (
          await storeA.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
            [],
          )
        )[0]!.n === 2,
    );
    b.sink.append(event(run.id, 2));
    await b.sink.flush();
    await waitFor("an event stored after the reconnect", async () => seen.includes(2));
    off();
    offEvents();
  });
});

describe("cross-process bus [pglite]", () => {
  it("keeps signals in the process on the embedded store", async () => {
    const store = await openTestStore("pglite");
    const sink = createEventSink(store);
    const bus = await startCrossProcessBus({ store, sink, databaseUrl: null });
    try {
      const seen: SignalKind[] = [];
      bus.subscribeSignals((kind) => seen.push(kind));
      bus.signal("runQueueLimitsChanged");
      assert.deepEqual(seen, ["runQueueLimitsChanged"]);
      const run = await queueTestRun(store, { jobName: "local" });
      const events: number[] = [];
      bus.sinkForAllProcesses(sink).subscribe((batch) => events.push(...batch.map((e) => e.seq)));
      sink.append(event(run.id, 2));
      await sink.flush();
      assert.deepEqual(events, [2]);
    } finally {
      await sink.close();
      await bus.close();
      await store.close();
    }
  });
});
