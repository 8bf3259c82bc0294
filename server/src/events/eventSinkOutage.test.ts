// The event sink across a real PostgreSQL outage: a cluster of this test's own is stopped while events keep
// coming, then started again. Nothing the sink accepted may be lost, and a run whose events overflow the
// buffer meanwhile fails with that reason once the database is back.
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { after, before, describe, it } from "node:test";
import type { EventType, WeirEvent } from "@weir/sdk";
import pg from "pg";
import { queueTestRun } from "../../test/queuedRuns.ts";
import { waitFor } from "../daemon/daemonTestHarness.ts";
import { startPrivatePostgres, type PrivatePostgres } from "../../test/privatePostgres.ts";
import { getEvents } from "../store/events.ts";
import { openStore, type Store } from "../store/openStore.ts";
import { getRun } from "../store/runs.ts";
import { createEventSink } from "./eventSink.ts";

function event(runId: string, seq: number, type: EventType, extra: Partial<WeirEvent> = {}): WeirEvent {
  return { runId, seq, type, message: `${type} ${seq}`, timestamp: Date.now(), ...extra };
}

describe("event sink across a PostgreSQL restart", () => {
  let cluster: PrivatePostgres;
  let store: Store;
  before(async () => {
    cluster = await startPrivatePostgres();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query("CREATE DATABASE weir_outage");
    await admin.end();
    store = await openStore({ instanceDir: tmpdir(), databaseUrl: cluster.url.replace(/\/postgres$/, "/weir_outage") });
  });
  after(async () => {
    await store?.close();
    await cluster?.destroy();
  });
  /** Each test leaves the database running, whatever happened to it. */
  const restart = () => cluster.start();

  it("stores every event appended while the database was down, with contiguous seqs, and the run ends SUCCESS", async () => {
    const run = await queueTestRun(store, { jobName: "outage" });
    const warnings: string[] = [];
    const sink = createEventSink(store, { retryDelay: { maxMs: 400 }, onWarning: (message) => warnings.push(message) });
    const published: number[] = [];
    sink.subscribe((events) => published.push(...events.map((e) => e.seq)));
    let seq = 1;
    const append = (type: EventType, extra: Partial<WeirEvent> = {}) => sink.append(event(run.id, ++seq, type, extra));
    append("RUN_START");
    append("STEP_START", { stepKey: "load" });
    await sink.flush();

    await cluster.stop();
    try {
      const stoppedAt = Date.now();
      // The worker carries on while the database is down (3 s: more than twice what the sink used to wait).
      while (Date.now() - stoppedAt < 3000) {
        append("LOG", { stepKey: "load", level: "INFO", data: { source: "stdout" } });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      append("STEP_SUCCESS", { stepKey: "load" });
      append("RUN_SUCCESS");
      let settled = false;
      const flushed = sink.flush().finally(() => (settled = true));
      flushed.catch(() => {}); // awaited below, once the database is back
      await waitFor("the sink to report the outage", async () => settled || warnings.some((w) => /unavailable/.test(w)));
      await cluster.start();
      await flushed;
    } finally {
      await restart();
    }

    const stored = await getEvents(store, run.id, { limit: 100_000 });
    assert.deepEqual(
      stored.map((e) => e.seq),
      Array.from({ length: seq }, (_, i) => i + 1),
      "every seq from 1, once",
    );
    assert.equal(stored.at(-1)!.type, "RUN_SUCCESS");
    assert.deepEqual(
      published,
      Array.from({ length: seq - 1 }, (_, i) => i + 2),
      "published once each, in order",
    );
    const finished = (await getRun(store, run.id))!;
    assert.equal(finished.status, "SUCCESS");
    assert.ok(
      warnings.some((w) => /reachable again/.test(w)),
      `the sink said the database is back: ${warnings.join(" | ")}`,
    );
    await sink.close();
  });

  it("fails a run whose events overflow the buffer during the outage, after storing every event it accepted", async () => {
    const run = await queueTestRun(store, { jobName: "overflow" });
    const sink = createEventSink(store, { maxBufferedEvents: 100, retryDelay: { maxMs: 400 }, onWarning: () => {} });
    sink.append(event(run.id, 2, "RUN_START"));
    sink.append(event(run.id, 3, "STEP_START", { stepKey: "load" }));
    await sink.flush();

    await cluster.stop();
    try {
      // 150 lines while nothing can be stored: the first 100 fit the buffer, the rest do not.
      for (let seq = 4; seq < 154; seq++) sink.append(event(run.id, seq, "LOG", { stepKey: "load", level: "INFO" }));
      sink.append(event(run.id, 154, "STEP_SUCCESS", { stepKey: "load" }));
      sink.append(event(run.id, 155, "RUN_SUCCESS"));
      const flushed = sink.flush();
      await cluster.start();
      await flushed;
    } finally {
      await restart();
    }

    const stored = await getEvents(store, run.id, { limit: 1000 });
    assert.deepEqual(
      stored.map((e) => e.seq),
      Array.from({ length: 104 }, (_, i) => i + 1),
      "accepted events 1..103, then the failure",
    );
    const failure = stored.at(-1)!;
    assert.equal(failure.type, "RUN_FAILURE");
    assert.match(failure.message, /event buffer overflowed/);
    assert.match(String(failure.data?.reason), /maxBufferedEvents = 100/);
    assert.match(String(failure.data?.reason), /from seq 104 on were not stored/);
    assert.equal(failure.data?.droppedEvents, 52);
    const failed = (await getRun(store, run.id))!;
    assert.equal(failed.status, "FAILURE");
    assert.match(failed.failureReason ?? "", /event buffer overflowed/);
    await sink.close();
  });
});
