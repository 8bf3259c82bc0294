import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { forEachDatabase, openTestStore, type TestStore } from "../../test/databases.ts";
import { randomUUID } from "node:crypto";
import type { WeirEvent } from "@weir/sdk";
import { queueTestRun } from "../../test/queuedRuns.ts";
import { createEventSink } from "../events/eventSink.ts";
import { getEvents } from "./events.ts";
import { deleteRun, getRun, insertQueuedRun, listRuns } from "./runs.ts";

forEachDatabase("runs store", (kind) => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore(kind);
  });
  after(async () => {
    await store?.close();
  });

  it("creates a QUEUED run with its inputs and reads it back", async () => {
    const run = await queueTestRun(store, {
      jobName: "etl",
      locationName: "quickstart",
      config: { ops: { fetch: { url: "https://example.test" } } },
      tags: { team: "data" },
      priority: 5,
      stepSelection: ["fetch"],
      partitionKey: "2024-01-01",
      launcher: "in-process",
    });
    assert.equal(run.status, "QUEUED");
    const read = await getRun(store, run.id);
    assert.deepEqual(read, run);
    assert.deepEqual(read!.config, { ops: { fetch: { url: "https://example.test" } } });
    assert.deepEqual(read!.stepSelection, ["fetch"]);
    assert.equal(await getRun(store, "00000000-0000-4000-8000-000000000000"), null);
    assert.equal(await getRun(store, "not-a-uuid"), null);
  });

  it("stores a queued run and its first event in one statement, returning the Run Prisma reads back", async () => {
    const id = randomUUID();
    const enqueued: WeirEvent = {
      runId: id,
      seq: 1,
      type: "RUN_ENQUEUED",
      stepKey: null,
      level: "INFO",
      message: "queued",
      timestamp: Date.now(),
      data: null,
    };
    const run = await insertQueuedRun(
      store,
      {
        id,
        jobName: "etl",
        locationName: "quickstart",
        config: { ops: { fetch: { url: "https://example.test" } } },
        tags: { team: "data" },
        priority: 3,
        assetSelection: ["a", "b"],
        launcher: "in-process",
      },
      [enqueued],
    );
    assert.equal(run.status, "QUEUED");
    assert.deepEqual(run, await getRun(store, id));
    assert.deepEqual(await getEvents(store, id, { limit: 10 }), [enqueued]);

    // The same id again: neither the run nor its event is stored a second time.
    const again: WeirEvent = { ...enqueued, seq: 2, message: "again" };
    await assert.rejects(() => insertQueuedRun(store, { id, jobName: "other" }, [again]), /duplicate|unique/i);
    assert.equal((await getRun(store, id))!.jobName, "etl");
    assert.deepEqual(await getEvents(store, id, { limit: 10 }), [enqueued]);
  });

  it("runs a raw transaction: committed when the work resolves, rolled back when it throws", async () => {
    const kept = randomUUID();
    const dropped = randomUUID();
    await store.transaction((tx) => tx.query(`INSERT INTO runs (id, job_name) VALUES ($1::uuid, 'kept')`, [kept]));
    await assert.rejects(
      () =>
        store.transaction(async (tx) => {
          await tx.query(`INSERT INTO runs (id, job_name) VALUES ($1::uuid, 'dropped')`, [dropped]);
          throw new Error("work failed");
        }),
      /work failed/,
    );
    assert.equal((await getRun(store, kept))?.jobName, "kept");
    assert.equal(await getRun(store, dropped), null);
    // The store still serves queries after a rollback (PostgreSQL: the connection went back clean).
    assert.equal((await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE id = $1::uuid`, [kept]))[0]!.n, 1);
  });

  it("lists newest first with every filter, and pages by cursor without gaps or repeats", async () => {
    await store.prisma.run.deleteMany({});
    const base = Date.UTC(2030, 5, 1);
    const made: string[] = [];
    for (let i = 0; i < 25; i++) {
      const run = await queueTestRun(store, {
        jobName: i % 2 === 0 ? "even" : "odd",
        tags: { team: i % 3 === 0 ? "data" : "web", ...(i % 5 === 0 ? { env: "prod" } : {}) },
      });
      // Five runs share each timestamp, so the id breaks ties and pages must still be exact.
      await store.prisma.run.update({ where: { id: run.id }, data: { createdAt: new Date(base + Math.floor(i / 5) * 1000) } });
      made.push(run.id);
    }
    // Statuses move the way a worker moves them: through events.
    const sink = createEventSink(store);
    const at = Date.now();
    sink.append({ runId: made[3]!, seq: 2, type: "RUN_START", message: "started", timestamp: at });
    sink.append({ runId: made[4]!, seq: 2, type: "RUN_START", message: "started", timestamp: at });
    sink.append({ runId: made[4]!, seq: 3, type: "RUN_FAILURE", message: "failed", timestamp: at, data: { reason: "boom" } });
    await sink.close();
    assert.equal((await getRun(store, made[4]!))!.failureReason, "boom");

    const all = await listRuns(store, {}, { first: 100 });
    assert.equal(all.runs.length, 25);
    assert.equal(all.hasNextPage, false);
    for (let i = 1; i < all.runs.length; i++) {
      const [a, b] = [all.runs[i - 1]!, all.runs[i]!];
      assert.ok(
        a.createdAt > b.createdAt || (a.createdAt.getTime() === b.createdAt.getTime() && a.id > b.id),
        "newest first, id desc",
      );
    }

    const paged: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const page = await listRuns(store, {}, { first: 4, after });
      paged.push(...page.runs.map((r) => r.id));
      after = page.hasNextPage ? page.endCursor : undefined;
      pages++;
    } while (after);
    assert.equal(pages, 7);
    assert.deepEqual(
      paged,
      all.runs.map((r) => r.id),
    );

    const even = await listRuns(store, { jobName: "even" }, { first: 100 });
    assert.equal(even.runs.length, 13);
    assert.ok(even.runs.every((r) => r.jobName === "even"));

    const statuses = await listRuns(store, { statuses: ["STARTED", "FAILURE"] }, { first: 100 });
    assert.deepEqual(new Set(statuses.runs.map((r) => r.id)), new Set([made[3], made[4]]));

    const tagged = await listRuns(
      store,
      {
        tags: [
          { key: "team", value: "data" },
          { key: "env", value: "prod" },
        ],
      },
      { first: 100 },
    );
    assert.deepEqual(new Set(tagged.runs.map((r) => r.id)), new Set([made[0], made[15]]));
    const conflicting = await listRuns(
      store,
      {
        tags: [
          { key: "team", value: "data" },
          { key: "team", value: "web" },
        ],
      },
      { first: 10 },
    );
    assert.equal(conflicting.runs.length, 0);

    const window = await listRuns(
      store,
      { createdAfter: new Date(base + 1000), createdBefore: new Date(base + 3000) },
      { first: 100 },
    );
    assert.equal(window.runs.length, 5);
    assert.ok(window.runs.every((r) => r.createdAt.getTime() === base + 2000));

    const combined = await listRuns(store, { jobName: "odd", tags: [{ key: "team", value: "web" }] }, { first: 2 });
    assert.equal(combined.runs.length, 2);
    assert.equal(combined.hasNextPage, true);
    const rest = await listRuns(
      store,
      { jobName: "odd", tags: [{ key: "team", value: "web" }] },
      { first: 100, after: combined.endCursor },
    );
    assert.ok(rest.runs.every((r) => r.jobName === "odd" && (r.tags as Record<string, string>).team === "web"));
    assert.equal(combined.runs.length + rest.runs.length, made.filter((_, i) => i % 2 === 1 && i % 3 !== 0).length);

    await assert.rejects(listRuns(store, {}, { first: 1, after: "garbage" }), /invalid runs cursor/);
  });

  it("deletes a run with its events", async () => {
    const run = await queueTestRun(store, { jobName: "doomed" });
    await store.prisma.runEvent.create({ data: { runId: run.id, seq: 2, type: "LOG", timestamp: new Date() } });
    assert.equal(await deleteRun(store, run.id), true);
    assert.equal(await getRun(store, run.id), null);
    assert.equal(await store.prisma.runEvent.count({ where: { runId: run.id } }), 0);
    assert.equal(await deleteRun(store, run.id), false);
  });
});
