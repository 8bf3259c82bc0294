// @weir/client against a real Weir API (loopback, port 0) on PGlite and PostgreSQL: every method,
// typed errors, and runEvents resuming after a dropped connection with no gap and no duplicate.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "../../server/test/databases.ts";
import {
  AssetNotFoundError,
  CodeLocationNotFoundError,
  InstigatorNotFoundError,
  InvalidConfigError,
  JobNotFoundError,
  RunInProgressError,
  RunNotFoundError,
  RunNotTerminableError,
  UnauthorizedError,
  WeirNetworkError,
  createWeirClient,
  type RunEvent,
  type WeirClient,
} from "../src/index.ts";
import { startTestServer, type TestServer } from "./testServer.ts";

after(dropTestDatabases);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function assertContiguous(events: RunEvent[], from = 1) {
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_e, i) => from + i),
    "seqs are contiguous, with no gap and no duplicate",
  );
}

forEachDatabase("@weir/client", (kind) => {
  let server: TestServer;
  let client: WeirClient;
  before(async () => {
    server = await startTestServer({ databaseUrl: kind === "postgres" ? await createTestDatabaseUrl() : null });
    client = createWeirClient({ url: server.url });
  });
  after(async () => {
    await client?.close();
    await server?.close();
  });

  test("launchRun, waitForRun and getRun", async () => {
    const run = await client.launchRun({
      job: "etl",
      config: { ops: { fetch: { url: "https://example.test/a" } } },
      tags: { team: "data" },
    });
    assert.equal(run.jobName, "etl");
    assert.deepEqual(run.tags, [{ key: "team", value: "data" }]);
    const final = await client.waitForRun(run.id, { timeoutMs: 30_000 });
    assert.equal(final.status, "SUCCESS");
    const details = await client.getRun(run.id);
    assert.equal(details?.steps[0]?.stepKey, "fetch");
    assert.equal(await client.getRun("00000000-0000-4000-8000-000000000000"), null);
  });

  test("API errors come back as typed errors", async () => {
    await assert.rejects(client.launchRun({ job: "nope" }), (e) => e instanceof JobNotFoundError && e.jobName === "nope");
    await assert.rejects(
      client.launchRun({ job: "etl", config: { ops: { fetch: { url: "not a url" } } } }),
      (e) => e instanceof InvalidConfigError && e.jobName === "etl" && e.violations.some((v) => v.path.includes("url")),
    );
    await assert.rejects(client.terminateRun("00000000-0000-4000-8000-000000000000"), RunNotFoundError);
    await assert.rejects(
      client.materializeAssets({ keys: ["missing"] }),
      (e) => e instanceof AssetNotFoundError && e.assetKeys[0] === "missing",
    );
    await assert.rejects(client.reloadCodeLocation("nowhere"), CodeLocationNotFoundError);
    await assert.rejects(
      client.startSchedule("nope"),
      (e) => e instanceof InstigatorNotFoundError && e.instigatorName === "nope",
    );
    await assert.rejects(client.waitForRun("00000000-0000-4000-8000-000000000000"), RunNotFoundError);
  });

  test("runEvents streams a run to its end and resumes from a cursor", async () => {
    const run = await client.launchRun({ job: "noop" });
    const events = await collect(client.runEvents(run.id));
    assertContiguous(events);
    assert.equal(events.at(-1)?.type, "RUN_SUCCESS");
    const tail = await collect(client.runEvents(run.id, { after: 3 }));
    assert.deepEqual(
      tail.map((e) => e.seq),
      events.slice(3).map((e) => e.seq),
    );
    const page = await client.getRunEvents(run.id, { after: 1, first: 2 });
    assert.deepEqual(
      page.events.map((e) => e.seq),
      [2, 3],
    );
  });

  test("runEvents resumes after a dropped connection with no gap and no duplicate", async () => {
    const run = await client.launchRun({ job: "chatty", config: { ops: { chatter: { count: 60, delayMs: 30 } } } });
    const events: RunEvent[] = [];
    let dropped = 0;
    for await (const event of client.runEvents(run.id)) {
      events.push(event);
      if (events.length === 8 || events.length === 30) dropped += server.dropWebSockets();
    }
    assert.ok(dropped >= 2, `the sockets were dropped twice mid-stream (${dropped})`);
    assertContiguous(events);
    assert.equal(events.at(-1)?.type, "RUN_SUCCESS");
    const stored = await client.getRunEvents(run.id, { first: 10_000 });
    assert.deepEqual(
      events.map((e) => e.seq),
      stored.events.map((e) => e.seq),
    );
    assert.equal(events.filter((e) => e.type === "LOG" && e.message.startsWith("line ")).length, 60);
  });

  test("terminateRun cancels a running run; a finished one is not terminable", async () => {
    const run = await client.launchRun({ job: "slow" });
    for await (const event of client.runEvents(run.id)) if (event.type === "STEP_START") break;
    const canceling = await client.terminateRun(run.id);
    assert.ok(["CANCELING", "CANCELED"].includes(canceling.status));
    assert.equal((await client.waitForRun(run.id, { timeoutMs: 30_000 })).status, "CANCELED");
    await assert.rejects(client.terminateRun(run.id), (e) => e instanceof RunNotTerminableError && e.status === "CANCELED");
  });

  test("reexecuteRun FROM_FAILURE runs the failed step again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "weir-flaky-"));
    const marker = join(dir, "fail");
    writeFileSync(marker, "");
    try {
      const run = await client.launchRun({ job: "flaky", config: { ops: { flaky_step: { failWhileExists: marker } } } });
      assert.equal((await client.waitForRun(run.id)).status, "FAILURE");
      rmSync(marker);
      const child = await client.reexecuteRun(run.id, "FROM_FAILURE");
      assert.equal(child.parentRunId, run.id);
      assert.deepEqual(child.stepSelection, ["flaky_step"]);
      assert.equal((await client.waitForRun(child.id)).status, "SUCCESS");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("listRuns pages through every run, newest first", async () => {
    for (let i = 0; i < 3; i++) await client.launchRun({ job: "noop", tags: { batch: "list" } });
    const pages = await collect(client.listRuns({ pageSize: 2 }));
    assert.ok(pages.length >= 2);
    assert.ok(pages.every((p) => p.length <= 2));
    const runs = pages.flat();
    assert.equal(new Set(runs.map((r) => r.id)).size, runs.length);
    const created = runs.map((r) => Date.parse(r.createdAt));
    assert.deepEqual(
      created,
      [...created].sort((a, b) => b - a),
    );
    const tagged = (await collect(client.listRuns({ filter: { tags: [{ key: "batch", value: "list" }] } }))).flat();
    assert.equal(tagged.length, 3);
    for (const run of tagged) await client.waitForRun(run.id);
  });

  test("materializeAssets and assets", async () => {
    const run = await client.materializeAssets({ keys: ["source", "doubled"] });
    assert.deepEqual(run.assetSelection?.slice().sort(), ["doubled", "source"]);
    assert.equal((await client.waitForRun(run.id)).status, "SUCCESS");
    const assets = await client.assets({ group: "demo" });
    assert.deepEqual(assets.map((a) => a.key).sort(), ["doubled", "source"]);
    assert.equal(assets.find((a) => a.key === "doubled")?.latestMaterialization?.runId, run.id);
  });

  test("code locations list and reload", async () => {
    const [location] = await client.codeLocations();
    assert.equal(location?.status, "LOADED");
    const reloaded = await client.reloadCodeLocation(location!.name);
    assert.equal(reloaded.status, "LOADED");
    assert.ok(reloaded.jobs.some((j) => j.name === "chatty"));
  });

  test("schedules and sensors on and off, and the sensor cursor", async () => {
    assert.deepEqual(
      (await client.schedules()).map((s) => s.name),
      ["nightly_noop"],
    );
    assert.equal((await client.startSchedule("nightly_noop")).status, "RUNNING");
    assert.equal((await client.stopSchedule("nightly_noop")).status, "STOPPED");
    assert.equal((await client.startSensor("inbox")).status, "RUNNING");
    assert.equal((await client.setSensorCursor("inbox", "file-42")).cursor, "file-42");
    const sensor = (await client.sensors()).find((s) => s.name === "inbox");
    assert.deepEqual([sensor?.status, sensor?.cursor], ["RUNNING", "file-42"]);
    assert.equal((await client.setSensorCursor("inbox", null)).cursor, null);
    assert.equal((await client.stopSensor("inbox")).status, "STOPPED");
  });

  test("deleteRun, and a run in progress cannot be deleted", async () => {
    const run = await client.launchRun({ job: "slow" });
    await assert.rejects(client.deleteRun(run.id), RunInProgressError);
    await client.terminateRun(run.id);
    await client.waitForRun(run.id);
    assert.equal(await client.deleteRun(run.id), run.id);
    assert.equal(await client.getRun(run.id), null);
  });

  test("runStatusChanges streams status changes", async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const change of client.runStatusChanges({ statuses: ["SUCCESS"] }, { signal: abort.signal })) {
        seen.push(change.runId);
        abort.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const run = await client.launchRun({ job: "noop" });
    await watching;
    assert.deepEqual(seen, [run.id]);
  });
});

forEachDatabase("@weir/client with auth", (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ auth: true, databaseUrl: kind === "postgres" ? await createTestDatabaseUrl() : null });
  });
  after(() => server?.close());

  test("missing, weak and revoked tokens are typed UnauthorizedErrors", async () => {
    const anonymous = createWeirClient({ url: server.url });
    const viewer = createWeirClient({ url: server.url, token: await server.token("VIEWER") });
    const admin = createWeirClient({ url: server.url, token: await server.token("ADMIN") });
    try {
      await assert.rejects(collect(anonymous.listRuns()), UnauthorizedError);
      await assert.rejects(collect(anonymous.runEvents("00000000-0000-4000-8000-000000000000")), UnauthorizedError);
      assert.deepEqual(await collect(viewer.listRuns()), []);
      await assert.rejects(
        viewer.launchRun({ job: "noop" }),
        (e) => e instanceof UnauthorizedError && e.requiredRole === "operator",
      );

      const created = await admin.createApiToken({ name: "ci", role: "OPERATOR" });
      assert.match(created.token, /^weir_[A-Za-z0-9_-]{43}$/);
      assert.ok(created.token.startsWith(created.apiToken.prefix));
      const operator = createWeirClient({ url: server.url, token: created.token });
      const run = await operator.launchRun({ job: "noop" });
      assert.equal((await operator.waitForRun(run.id)).status, "SUCCESS");
      assert.ok((await admin.apiTokens()).some((t) => t.id === created.apiToken.id && t.revokedAt === null));
      assert.notEqual((await admin.revokeApiToken(created.apiToken.id)).revokedAt, null);
      await assert.rejects(
        operator.launchRun({ job: "noop" }),
        (e) => e instanceof UnauthorizedError && /revoked/.test(e.message),
      );
      await operator.close();
    } finally {
      await Promise.all([anonymous.close(), viewer.close(), admin.close()]);
    }
  });
});

test("an unreachable API is a WeirNetworkError", async () => {
  const client = createWeirClient({ url: "http://127.0.0.1:9/graphql" });
  await assert.rejects(client.getRun("x"), (e) => e instanceof WeirNetworkError && /127\.0\.0\.1:9/.test(e.message));
});
