import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { EventType, WeirEvent } from "@weir/sdk";
import { forEachDatabase, openTestStore, type TestStore } from "../../test/databases.ts";
import type { RunStatusChange } from "../store/runStatusBus.ts";
import { getRun } from "../store/runs.ts";
import { getEvents, maxSeq } from "../store/events.ts";
import { queueTestRun } from "../../test/queuedRuns.ts";
import { latestMaterializations, materializations } from "../store/assets.ts";
import { createEventSink, EventSinkWriteError } from "./eventSink.ts";

/** Per-step statistics of a run, as the sink derived them. */
function stepStats(store: TestStore, runId: string) {
  return store.prisma.stepStats.findMany({
    where: { runId },
    orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { stepKey: "asc" }],
  });
}

// Each run is stored by queueTestRun with RUN_ENQUEUED as seq 1: the events below start at seq 2.
function event(runId: string, seq: number, type: EventType, extra: Partial<WeirEvent> = {}): WeirEvent {
  return { runId, seq, type, message: `${type} ${seq}`, timestamp: 1_700_000_000_000 + seq, ...extra };
}

forEachDatabase("event sink", (kind) => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore(kind);
  });
  after(async () => {
    await store?.close();
  });

  it("stores events across many batches in order and publishes exactly what it stored", async () => {
    const run = await queueTestRun(store, { jobName: "order" });
    const sink = createEventSink(store, { maxBatch: 7 });
    const published: WeirEvent[][] = [];
    sink.subscribe((events) => published.push(events));
    for (let seq = 2; seq <= 51; seq++) sink.append(event(run.id, seq, "LOG", { level: "INFO" }));
    await sink.flush();
    const stored = await getEvents(store, run.id, { afterSeq: 1, limit: 100 });
    assert.deepEqual(
      stored.map((e) => e.seq),
      Array.from({ length: 50 }, (_, i) => i + 2),
    );
    assert.ok(published.length >= 8, `50 events in batches of at most 7 make at least 8 batches, got ${published.length}`);
    assert.ok(published.every((b) => b.length <= 7));
    assert.deepEqual(
      published.flat().map((e) => e.seq),
      stored.map((e) => e.seq),
    );
    assert.equal(stored[0]!.message, "LOG 2");
    assert.equal(stored[0]!.timestamp, 1_700_000_000_002);
    assert.equal(stored[0]!.level, "INFO");
    await sink.close();
  });

  it("never loses one of 10,000 events appended at once (count and seq continuity)", async () => {
    const runs = await Promise.all([1, 2, 3].map(() => queueTestRun(store, { jobName: "volume" })));
    const sink = createEventSink(store);
    let publishedCount = 0;
    const lastSeq = new Map<string, number>();
    let outOfOrder = 0;
    sink.subscribe((events) => {
      publishedCount += events.length;
      for (const e of events) {
        if ((lastSeq.get(e.runId) ?? 1) !== e.seq - 1) outOfOrder++;
        lastSeq.set(e.runId, e.seq);
      }
    });
    const perRun = new Map(runs.map((r) => [r.id, 1]));
    for (let i = 0; i < 10_000; i++) {
      const runId = runs[i % 3]!.id;
      const seq = perRun.get(runId)! + 1;
      perRun.set(runId, seq);
      sink.append(event(runId, seq, "LOG", { data: { source: "stdout", i }, stepKey: `s${i % 5}` }));
    }
    await sink.flush();
    assert.equal(publishedCount, 10_000);
    assert.equal(outOfOrder, 0);
    for (const run of runs) {
      const expected = perRun.get(run.id)!;
      assert.equal(await maxSeq(store, run.id), expected);
      const counted = await store.prisma.runEvent.count({ where: { runId: run.id } });
      assert.equal(counted, expected);
      const page = await getEvents(store, run.id, { limit: 5000 });
      assert.ok(
        page.every((e, i) => e.seq === i + 1),
        "seq continuity",
      );
    }
    await sink.close();
  });

  it("ignores replayed (runId, seq) and does not publish them again", async () => {
    const run = await queueTestRun(store, { jobName: "replay" });
    const sink = createEventSink(store);
    const published: WeirEvent[] = [];
    sink.subscribe((events) => published.push(...events));
    sink.append(event(run.id, 2, "RUN_START"));
    sink.append(event(run.id, 3, "STEP_START", { stepKey: "a" }));
    await sink.flush();
    // The stream replays from the start (a worker reattached), with one new event, plus a duplicate inside one batch.
    sink.append(event(run.id, 1, "RUN_ENQUEUED", { message: "replayed" }));
    sink.append(event(run.id, 2, "RUN_START", { message: "replayed" }));
    sink.append(event(run.id, 3, "STEP_START", { stepKey: "a", message: "replayed" }));
    sink.append(event(run.id, 4, "STEP_SUCCESS", { stepKey: "a" }));
    sink.append(event(run.id, 4, "STEP_SUCCESS", { stepKey: "a", message: "dup in batch" }));
    await sink.flush();
    assert.deepEqual(
      published.map((e) => `${e.seq}:${e.message}`),
      ["2:RUN_START 2", "3:STEP_START 3", "4:STEP_SUCCESS 4"],
    );
    const stored = await getEvents(store, run.id, { limit: 10 });
    assert.deepEqual(
      stored.map((e) => e.message),
      ["run of replay queued", "RUN_START 2", "STEP_START 3", "STEP_SUCCESS 4"],
    );
    const [step] = await stepStats(store, run.id);
    assert.equal(step!.attempts, 1, "a replayed STEP_START must not count again");
    await sink.close();
  });

  it("a late event never moves a run's status back (a claimed run stays claimed)", async () => {
    const run = await queueTestRun(store, { jobName: "late" });
    await store.prisma.run.update({ where: { id: run.id }, data: { status: "STARTING" } }); // claimed by the queue
    const sink = createEventSink(store);
    const changes: RunStatusChange[] = [];
    const unsubscribe = sink.subscribeStatus((c) => {
      if (c.runId === run.id) changes.push(c);
    });
    sink.append(event(run.id, 2, "RUN_ENQUEUED"));
    await sink.flush();
    assert.equal((await getRun(store, run.id))!.status, "STARTING");
    await store.prisma.run.update({ where: { id: run.id }, data: { status: "CANCELING" } }); // terminate asked
    sink.append(event(run.id, 3, "RUN_START"));
    await sink.flush();
    assert.equal((await getRun(store, run.id))!.status, "CANCELING");
    sink.append(event(run.id, 4, "RUN_CANCELED"));
    await sink.flush();
    assert.equal((await getRun(store, run.id))!.status, "CANCELED");
    assert.deepEqual(
      changes.map((c) => `${c.previous}->${c.status}`),
      ["CANCELING->CANCELED"],
    );
    unsubscribe();
    await sink.close();
  });

  it("derives run status: STARTED with started_at, FAILURE with reason, and a finished run never goes back", async () => {
    const run = await queueTestRun(store, { jobName: "status" });
    const sink = createEventSink(store);
    const changes: RunStatusChange[] = [];
    const unsubscribe = sink.subscribeStatus((c) => {
      if (c.runId === run.id) changes.push(c);
    });
    sink.append(event(run.id, 2, "RUN_STARTING"));
    sink.append(event(run.id, 3, "RUN_START", { timestamp: Date.UTC(2030, 0, 1) }));
    await sink.flush();
    let stored = (await getRun(store, run.id))!;
    assert.equal(stored.status, "STARTED");
    assert.equal(stored.startedAt?.getTime(), Date.UTC(2030, 0, 1));
    assert.equal(stored.endedAt, null);

    sink.append(
      event(run.id, 4, "RUN_FAILURE", {
        timestamp: Date.UTC(2030, 0, 2),
        data: { error: { name: "Error", message: "step boom failed" }, reason: "step boom failed" },
      }),
    );
    await sink.flush();
    stored = (await getRun(store, run.id))!;
    assert.equal(stored.status, "FAILURE");
    assert.equal(stored.failureReason, "step boom failed");
    assert.equal(stored.endedAt?.getTime(), Date.UTC(2030, 0, 2));

    sink.append(event(run.id, 5, "RUN_START"));
    sink.append(event(run.id, 6, "RUN_SUCCESS"));
    await sink.flush();
    stored = (await getRun(store, run.id))!;
    assert.equal(stored.status, "FAILURE", "a finished run never moves");
    assert.equal(stored.endedAt?.getTime(), Date.UTC(2030, 0, 2));
    assert.deepEqual(
      changes.map((c) => `${c.previous}->${c.status}`),
      // Every transition is published, even those that share one batch.
      ["QUEUED->STARTING", "STARTING->STARTED", "STARTED->FAILURE"],
    );
    assert.equal(changes[0]!.jobName, "status");
    unsubscribe();
    await sink.close();
  });

  it("within one batch the first finishing event wins", async () => {
    const run = await queueTestRun(store, { jobName: "status-batch" });
    const sink = createEventSink(store);
    sink.append(event(run.id, 2, "RUN_START"));
    sink.append(event(run.id, 3, "RUN_SUCCESS"));
    sink.append(event(run.id, 4, "RUN_CANCELING"));
    await sink.flush();
    const stored = (await getRun(store, run.id))!;
    assert.equal(stored.status, "SUCCESS");
    assert.ok(stored.startedAt && stored.endedAt);
    await sink.close();
  });

  it("derives step stats (attempts, status, times) and asset materializations", async () => {
    const run = await queueTestRun(store, { jobName: "steps" });
    const sink = createEventSink(store, { maxBatch: 2 });
    const t = (n: number) => ({ timestamp: Date.UTC(2031, 0, 1, 0, 0, n) });
    sink.append(event(run.id, 2, "RUN_START", t(0)));
    sink.append(event(run.id, 3, "STEP_START", { stepKey: "extract", ...t(1) }));
    sink.append(
      event(run.id, 4, "ASSET_MATERIALIZATION", {
        stepKey: "extract",
        data: { assetKey: "raw/orders", metadata: { rows: 10 } },
        ...t(2),
      }),
    );
    sink.append(event(run.id, 5, "STEP_SUCCESS", { stepKey: "extract", ...t(3) }));
    sink.append(event(run.id, 6, "STEP_START", { stepKey: "load", ...t(4) }));
    sink.append(event(run.id, 7, "STEP_UP_FOR_RETRY", { stepKey: "load", data: { attempt: 1, delayMs: 0 }, ...t(5) }));
    sink.append(event(run.id, 8, "STEP_RESTARTED", { stepKey: "load", data: { attempt: 2 }, ...t(6) }));
    sink.append(event(run.id, 9, "STEP_FAILURE", { stepKey: "load", ...t(7) }));
    sink.append(
      event(run.id, 10, "ASSET_MATERIALIZATION", {
        stepKey: "extract",
        data: { assetKey: "raw/orders", partitionKey: "2031-01-01", metadata: { rows: 11 } },
        ...t(8),
      }),
    );
    sink.append(event(run.id, 11, "STEP_SKIPPED", { stepKey: "report", ...t(9) }));
    await sink.flush();
    const stats = new Map((await stepStats(store, run.id)).map((s) => [s.stepKey, s]));
    assert.equal(stats.get("extract")!.status, "SUCCESS");
    assert.equal(stats.get("extract")!.attempts, 1);
    assert.equal(stats.get("extract")!.startedAt?.getTime(), Date.UTC(2031, 0, 1, 0, 0, 1));
    assert.equal(stats.get("extract")!.endedAt?.getTime(), Date.UTC(2031, 0, 1, 0, 0, 3));
    assert.equal(stats.get("load")!.status, "FAILURE");
    assert.equal(stats.get("load")!.attempts, 2);
    assert.equal(stats.get("load")!.endedAt?.getTime(), Date.UTC(2031, 0, 1, 0, 0, 7));
    assert.equal(stats.get("report")!.status, "SKIPPED");

    const latest = await latestMaterializations(store, ["raw/orders", "never/made"]);
    assert.equal(latest.size, 1);
    assert.equal(latest.get("raw/orders")!.partitionKey, "2031-01-01");
    assert.deepEqual(latest.get("raw/orders")!.metadata, { rows: 11 });
    assert.equal(latest.get("raw/orders")!.runId, run.id);
    const page1 = await materializations(store, "raw/orders", { first: 1 });
    assert.equal(page1.materializations.length, 1);
    assert.equal(page1.hasNextPage, true);
    const page2 = await materializations(store, "raw/orders", { first: 1, after: page1.endCursor });
    assert.deepEqual(page2.materializations[0]!.metadata, { rows: 10 });
    assert.equal(page2.hasNextPage, false);
    await sink.close();
  });

  it("delivers batches to every subscriber in (run, seq) order; a throwing subscriber harms no one", async () => {
    const a = await queueTestRun(store, { jobName: "subs" });
    const b = await queueTestRun(store, { jobName: "subs" });
    const sink = createEventSink(store, { maxBatch: 10 });
    const first: string[] = [];
    const second: string[] = [];
    sink.subscribe(() => {
      throw new Error("subscriber bug");
    });
    sink.subscribe((events) => first.push(...events.map((e) => `${e.runId}:${e.seq}`)));
    sink.subscribe((events) => second.push(...events.map((e) => `${e.runId}:${e.seq}`)));
    const originalError = console.error;
    console.error = () => {};
    try {
      for (let seq = 2; seq <= 26; seq++) {
        sink.append(event(a.id, seq, "LOG"));
        sink.append(event(b.id, seq, "LOG"));
      }
      await sink.flush();
    } finally {
      console.error = originalError;
    }
    assert.equal(first.length, 50);
    assert.deepEqual(second, first);
    for (const runId of [a.id, b.id]) {
      const seqs = first.filter((k) => k.startsWith(runId)).map((k) => Number(k.split(":")[1]));
      assert.deepEqual(
        seqs,
        Array.from({ length: 25 }, (_, i) => i + 2),
      );
    }
    await sink.close();
  });

  it("writes batches of different runs side by side on PostgreSQL; each run's events, status and steps stay in order", async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => queueTestRun(store, { jobName: "lanes" })));
    let inFlight = 0;
    let mostInFlight = 0;
    const counting = {
      ...store,
      query: async <Row>(sql: string, params: unknown[], name?: string): Promise<Row[]> => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          return await store.query<Row>(sql, params, name);
        } finally {
          inFlight--;
        }
      },
    };
    const sink = createEventSink(counting, { maxBatch: 5, lanes: 3 });
    const published = new Map<string, number[]>(runs.map((r) => [r.id, []]));
    sink.subscribe((events) => events.forEach((e) => published.get(e.runId)!.push(e.seq)));
    const lifecycle: EventType[] = [
      "RUN_START",
      "STEP_START",
      "LOG",
      "LOG",
      "STEP_UP_FOR_RETRY",
      "STEP_RESTARTED",
      "LOG",
      "STEP_SUCCESS",
      "RUN_SUCCESS",
    ];
    // Two waves with a flush between them: a run whose events have all settled may move to another lane.
    for (const wave of [lifecycle.slice(0, 4), lifecycle.slice(4)]) {
      const before = published.get(runs[0]!.id)!.length;
      for (const [i, type] of wave.entries()) {
        for (const run of runs) {
          const seq = before + i + 2;
          sink.append(event(run.id, seq, type, type.startsWith("STEP") || type === "LOG" ? { stepKey: "only" } : {}));
        }
      }
      await sink.flush();
    }
    assert.equal(mostInFlight, kind === "postgres" ? 3 : 1, "batches in flight at once");
    for (const run of runs) {
      const expected = Array.from({ length: lifecycle.length }, (_, i) => i + 2);
      assert.deepEqual(published.get(run.id), expected, `published order of run ${run.id}`);
      assert.deepEqual(
        (await getEvents(store, run.id, { afterSeq: 1, limit: 20 })).map((e) => e.type),
        lifecycle,
      );
      assert.equal((await getRun(store, run.id))!.status, "SUCCESS");
      const [step] = await stepStats(store, run.id);
      assert.equal(step!.status, "SUCCESS");
      assert.equal(step!.attempts, 2);
    }
    await sink.close();
  });

  it("stores text PostgreSQL cannot hold (NUL characters) with a replacement character", async () => {
    const run = await queueTestRun(store, { jobName: "nul" });
    const sink = createEventSink(store);
    sink.append(event(run.id, 2, "LOG", { message: "a\u0000b \\u0000 literal", data: { line: "x\u0000y" } }));
    await sink.flush();
    const [stored] = await getEvents(store, run.id, { afterSeq: 1, limit: 1 });
    assert.equal(stored!.message, "a\ufffdb \\u0000 literal");
    assert.deepEqual(stored!.data, { line: "x\ufffdy" });
    await sink.close();
  });

  if (kind === "pglite") {
    it("keeps the embedded store's planner statistics fresh, from small samples", async () => {
      const run = await queueTestRun(store, { jobName: "statistics" });
      const sink = createEventSink(store);
      for (let seq = 2; seq <= 20_001; seq++) sink.append(event(run.id, seq, "LOG", { level: "INFO" }));
      await sink.flush();
      await sink.close();
      // The sink starts ANALYZE after the batch that crossed 20,000 rows and does not wait for it.
      const statistics = async () =>
        (
          await store.query<{ reltuples: number; seq_bounds: number | null }>(
            `SELECT reltuples::float8 AS reltuples,
                  (SELECT array_length(histogram_bounds::text::int[], 1) FROM pg_stats
                    WHERE tablename = 'run_events' AND attname = 'seq') AS seq_bounds
             FROM pg_class WHERE relname = 'run_events'`,
            [],
          )
        )[0]!;
      const deadline = Date.now() + 30_000;
      let seen = await statistics();
      while (seen.reltuples < 20_000 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = await statistics();
      }
      assert.ok(seen.reltuples >= 20_000, `run_events analyzed: reltuples ${seen.reltuples}`);
      // Statistics target 10: a histogram of at most 11 bounds (PostgreSQL's default target makes 101).
      assert.ok(seen.seq_bounds !== null && seen.seq_bounds <= 11, `seq histogram bounds ${seen.seq_bounds}`);
      const [plan] = await store.query<{ "QUERY PLAN": unknown }>(
        `EXPLAIN (FORMAT JSON) SELECT * FROM run_events WHERE run_id = '${run.id}'::uuid AND seq > 100 ORDER BY seq LIMIT 1000`,
        [],
      );
      assert.match(JSON.stringify(plan!["QUERY PLAN"]), /run_events_pkey/);
    });
  }

  it("fails a run whose event does not fit the buffer, with the reason after its accepted events; other runs go on", async () => {
    const burst = await queueTestRun(store, { jobName: "burst" });
    const calm = await queueTestRun(store, { jobName: "calm" });
    const sink = createEventSink(store, { maxBufferedEvents: 50 });
    sink.append(event(calm.id, 2, "RUN_START"));
    // Appended in one turn of the event loop: nothing is stored meanwhile, so the 50th event fills the buffer.
    for (let seq = 2; seq <= 80; seq++) sink.append(event(burst.id, seq, seq === 2 ? "RUN_START" : "LOG"));
    sink.append(event(burst.id, 81, "RUN_SUCCESS"));
    await sink.flush();
    const stored = await getEvents(store, burst.id, { limit: 100 });
    assert.deepEqual(
      stored.map((e) => e.seq),
      Array.from({ length: 51 }, (_, i) => i + 1),
      "seq 1 and the 49 accepted events, then the failure",
    );
    const failure = stored.at(-1)!;
    assert.equal(failure.type, "RUN_FAILURE");
    assert.match(
      String(failure.data?.reason),
      /event buffer overflowed: 50 events .* \(limit eventSink.maxBufferedEvents = 50\), so events of this run from seq 51 on were not stored/,
    );
    assert.equal(failure.data?.droppedEvents, 31);
    const failed = (await getRun(store, burst.id))!;
    assert.equal(failed.status, "FAILURE");
    assert.match(failed.failureReason ?? "", /event buffer overflowed/);
    // The buffer drained: the other run's events are accepted again, and the failed run's are not.
    sink.append(event(calm.id, 3, "RUN_SUCCESS"));
    sink.append(event(burst.id, 82, "LOG"));
    await sink.flush();
    assert.equal((await getRun(store, calm.id))!.status, "SUCCESS");
    assert.equal(await maxSeq(store, burst.id), 51);
    await sink.close();
  });

  it("stores an event over maxEventBytes truncated, saying so, and batches by bytes", async () => {
    const run = await queueTestRun(store, { jobName: "huge" });
    const sink = createEventSink(store, { maxEventBytes: 64 * 1024, maxBatchBytes: 200 * 1024 });
    const published: WeirEvent[][] = [];
    sink.subscribe((events) => published.push(events));
    const line = "x".repeat(3 * 1024 * 1024);
    sink.append(event(run.id, 2, "LOG", { stepKey: "load", level: "INFO", message: line, data: { source: "stdout" } }));
    for (let seq = 3; seq <= 10; seq++)
      sink.append(event(run.id, seq, "LOG", { message: "y".repeat(60 * 1024), data: { source: "stdout" } }));
    await sink.flush();
    const [stored] = await getEvents(store, run.id, { afterSeq: 1, limit: 1 });
    assert.ok(stored!.message.length < 64 * 1024, `message cut to the cap: ${stored!.message.length}`);
    assert.ok(stored!.message.startsWith("xxxx") && stored!.message.endsWith("[truncated]"));
    assert.equal(stored!.data?.source, "stdout");
    assert.deepEqual(stored!.data?.truncated, {
      originalBytes: line.length + JSON.stringify({ source: "stdout" }).length,
      maxEventBytes: 64 * 1024,
      fields: ["message"],
    });
    assert.deepEqual(published.flat()[0], stored, "subscribers get the event as stored");
    assert.equal(await maxSeq(store, run.id), 10);
    assert.ok(
      published.every((batch) => batch.length <= 3),
      `batches of at most 200 KB: ${published.map((b) => b.length)}`,
    );
    await sink.close();
  });

  it("stores an event whose data JSON cannot hold (BigInt, a cycle) without the bad entry, naming it", async () => {
    const run = await queueTestRun(store, { jobName: "unencodable" });
    const sink = createEventSink(store);
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    sink.append(event(run.id, 2, "RUN_START"));
    sink.append(event(run.id, 3, "ASSET_MATERIALIZATION", { stepKey: "a", data: { assetKey: "a", metadata: { rows: 10n } } }));
    sink.append(event(run.id, 4, "LOG", { data: { source: "logger", value: cyclic } }));
    sink.append(event(run.id, 5, "RUN_SUCCESS"));
    await sink.flush();
    const stored = await getEvents(store, run.id, { afterSeq: 2, limit: 2 });
    assert.equal(stored[0]!.data?.assetKey, "a");
    const first = stored[0]!.data?.truncated as { fields: string[]; encodingError: string };
    assert.deepEqual(first.fields, ["data.metadata"]);
    assert.match(first.encodingError, /data\.metadata: .*BigInt/);
    const second = stored[1]!.data?.truncated as { fields: string[]; encodingError: string };
    assert.deepEqual(second.fields, ["data.value"]);
    assert.match(second.encodingError, /data\.value: .*circular/i);
    assert.equal((await latestMaterializations(store, ["a"])).get("a")?.runId, run.id);
    assert.equal((await getRun(store, run.id))!.status, "SUCCESS");
    await sink.close();
  });

  it("reports events it cannot store instead of dropping them, and keeps storing other runs", async () => {
    const good = await queueTestRun(store, { jobName: "good" });
    const missingRun = "00000000-0000-4000-8000-000000000000";
    const reported: EventSinkWriteError[] = [];
    const sink = createEventSink(store, { attempts: 1, onError: (e) => reported.push(e) });
    sink.append(event(good.id, 2, "LOG"));
    sink.append(event(missingRun, 2, "LOG"));
    sink.append(event(good.id, 3, "LOG"));
    await assert.rejects(sink.flush(), (error: unknown) => {
      assert.ok(error instanceof EventSinkWriteError);
      assert.match(error.message, new RegExp(missingRun));
      assert.deepEqual(
        error.events.map((e) => e.runId),
        [missingRun],
      );
      return true;
    });
    assert.equal(reported.length, 1);
    assert.deepEqual(
      (await getEvents(store, good.id, { limit: 10 })).map((e) => e.seq),
      [1, 2, 3],
    );
    sink.append(event(good.id, 4, "LOG"));
    await sink.flush();
    assert.equal(await maxSeq(store, good.id), 4);
    assert.throws(() => sink.append({ ...event(good.id, 5, "LOG"), runId: "not-a-uuid" }), /UUID runId/);
    await sink.close();
    assert.throws(() => sink.append(event(good.id, 5, "LOG")), /closed/);
  });
});
