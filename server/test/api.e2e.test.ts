// End to end over real HTTP and graphql-ws on loopback, server on port 0, on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { collectSubscription, startTestApi, type TestApi } from "./apiHarness.ts";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "./databases.ts";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const apiLocation = join(fixtures, "api", "definitions.ts");
const brokenLocation = join(fixtures, "locations", "throwsAtImport.ts");

const RUN_FIELDS = "id status jobName parentRunId rootRunId stepSelection failureReason tags { key value }";
const LAUNCH = `mutation($input: LaunchRunInput!) { launchRun(input: $input) {
  __typename
  ... on LaunchRunSuccess { run { ${RUN_FIELDS} } }
  ... on Error { message }
  ... on InvalidConfigError { jobName violations { path message } }
  ... on JobNotFoundError { jobName }
} }`;
const EVENTS_SUB = `subscription($runId: ID!, $after: Int) { runEvents(runId: $runId, after: $after) {
  cursor events { seq type stepKey level message data } } }`;
const EVENTS_QUERY = `query($runId: ID!) { runEvents(runId: $runId, first: 10000) { edges { node { seq type stepKey message } } } }`;

after(dropTestDatabases);

interface EventRow {
  seq: number;
  type: string;
  stepKey: string | null;
  message: string;
}

async function launch(api: TestApi, input: Record<string, unknown>) {
  const result = await api.gql(LAUNCH, { input });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data.launchRun;
}

async function streamToEnd(api: TestApi, runId: string, afterSeq = 0): Promise<EventRow[]> {
  const messages = await collectSubscription<{ runEvents: { events: EventRow[] } }>(api.wsClient(), EVENTS_SUB, {
    runId,
    after: afterSeq,
  });
  return messages.flatMap((m) => m.runEvents.events);
}

async function storedEvents(api: TestApi, runId: string): Promise<EventRow[]> {
  const result = await api.gql(EVENTS_QUERY, { runId });
  return result.data.runEvents.edges.map((e: { node: EventRow }) => e.node);
}

async function getRun(api: TestApi, id: string) {
  return (await api.gql(`query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id })).data.run;
}

forEachDatabase("API end to end", (kind) => {
  let api: TestApi;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(fixtures, ".tmp-api-"));
    api = await startTestApi({
      databaseUrl: kind === "postgres" ? await createTestDatabaseUrl() : null,
      locations: [apiLocation, brokenLocation],
    });
  });
  after(async () => {
    await api?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("launchRun returns QUEUED at once and the subscription replays then streams exactly the stored events", async () => {
    const launched = await launch(api, {
      job: "etl",
      config: { ops: { fetch: { url: "https://example.test/orders" } } },
      tags: [{ key: "owner", value: "qa" }],
    });
    assert.equal(launched.__typename, "LaunchRunSuccess");
    assert.equal(launched.run.status, "QUEUED");
    assert.deepEqual(launched.run.tags.map((t: { key: string }) => t.key).sort(), ["owner", "team"]);

    const streamed = await streamToEnd(api, launched.run.id);
    const stored = await storedEvents(api, launched.run.id);
    assert.deepEqual(
      streamed.map((e) => e.seq),
      stored.map((e) => e.seq),
    );
    assert.deepEqual(
      stored.map((e) => e.seq),
      stored.map((_, i) => i + 1),
      "seq is contiguous from 1",
    );
    const types = stored.map((e) => e.type);
    assert.deepEqual(types.slice(0, 4), ["RUN_ENQUEUED", "RUN_DEQUEUED", "RUN_STARTING", "RUN_START"]);
    assert.equal(types.at(-1), "RUN_SUCCESS");
    assert.ok(types.indexOf("STEP_SUCCESS") < types.lastIndexOf("STEP_START"), "fetch finishes before parse starts");
    assert.equal(stored.filter((e) => e.type === "LOG" && e.stepKey === "parse").length, 20);
    assert.equal((await getRun(api, launched.run.id)).status, "SUCCESS");

    // From a cursor in the middle of a finished run: exactly the events after it, then complete.
    const middle = Math.floor(stored.length / 2);
    const resumed = await streamToEnd(api, launched.run.id, middle);
    assert.deepEqual(
      resumed.map((e) => e.seq),
      stored.slice(middle).map((e) => e.seq),
    );
  });

  test("several subscribers from before RUN_START each get every event once, in order", async () => {
    const launched = await launch(api, { job: "noop" });
    const streams = await Promise.all([0, 0, 2].map((after) => streamToEnd(api, launched.run.id, after)));
    const stored = await storedEvents(api, launched.run.id);
    assert.deepEqual(
      streams[0]!.map((e) => e.seq),
      stored.map((e) => e.seq),
    );
    assert.deepEqual(
      streams[1]!.map((e) => e.seq),
      stored.map((e) => e.seq),
    );
    assert.deepEqual(
      streams[2]!.map((e) => e.seq),
      stored.slice(2).map((e) => e.seq),
    );
  });

  test("runStatusChanged streams the status changes of matching runs, in order", async () => {
    const changes: { runId: string; status: string; jobName: string }[] = [];
    const waiters: { runId: string; status: string; resolve: () => void }[] = [];
    const seen = (runId: string, status: string) =>
      changes.some((c) => c.runId === runId && c.status === status)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ runId, status, resolve }));
    let firstChange!: () => void;
    const anyChange = new Promise<void>((resolve) => (firstChange = resolve));
    const dispose = api.wsClient().subscribe<{ runStatusChanged: { runId: string; status: string; run: { jobName: string } } }>(
      { query: `subscription { runStatusChanged(filter: { job: "noop" }) { runId status run { jobName } } }` },
      {
        next: ({ data }) => {
          const change = data!.runStatusChanged;
          changes.push({ runId: change.runId, status: change.status, jobName: change.run.jobName });
          firstChange();
          for (const w of waiters) if (w.runId === change.runId && w.status === change.status) w.resolve();
        },
        error: (e) => assert.fail(JSON.stringify(e)),
        complete: () => {},
      },
    );
    // Until a change arrives, the subscription may not be registered yet: probe runs until one does (a
    // change may arrive after its run's event stream ended; the next pass then sees it).
    while (changes.length === 0) {
      const probe = (await launch(api, { job: "noop" })).run.id;
      await Promise.race([anyChange, streamToEnd(api, probe)]);
    }
    await launch(api, { job: "etl", config: { ops: { fetch: { url: "https://example.test/ignored" } } } });
    const runId = (await launch(api, { job: "noop" })).run.id;
    await seen(runId, "SUCCESS");
    dispose();
    assert.deepEqual(
      changes.filter((c) => c.runId === runId).map((c) => c.status),
      ["STARTING", "STARTED", "SUCCESS"],
    );
    assert.ok(
      changes.every((c) => c.jobName === "noop"),
      "only runs of the filtered job",
    );
  });

  test("invalid config is an InvalidConfigError naming each violation's path; nothing is stored", async () => {
    const before = (await api.gql(`{ runs(first: 1000) { edges { node { id } } } }`)).data.runs.edges.length;
    const result = await launch(api, { job: "etl", config: { ops: { fetch: { url: "not a url", retries: -1 } } } });
    assert.equal(result.__typename, "InvalidConfigError");
    assert.equal(result.jobName, "etl");
    assert.deepEqual(result.violations.map((v: { path: string }) => v.path).sort(), ["ops.fetch.retries", "ops.fetch.url"]);
    const afterCount = (await api.gql(`{ runs(first: 1000) { edges { node { id } } } }`)).data.runs.edges.length;
    assert.equal(afterCount, before);
  });

  test("an unknown job is a JobNotFoundError naming each location that failed to load, and its error", async () => {
    const result = await launch(api, { job: "no_such_job" });
    assert.equal(result.__typename, "JobNotFoundError");
    assert.equal(result.jobName, "no_such_job");
    assert.match(result.message, /^job "no_such_job" is not defined in any loaded code location \(known jobs: [^)]*etl/);
    // The job may live in the broken location: the caller learns which one, why, and where.
    assert.match(
      result.message,
      /; code location "throwsAtImport" failed to load: [^;]*warehouse credentials are missing \([^)]*throwsAtImport\.ts:\d+\)$/,
    );
  });

  test("terminateRun stops a running run, which ends CANCELED; a finished run is not terminable", async () => {
    const launched = await launch(api, { job: "slow" });
    const runId = launched.run.id;
    let terminated: Promise<unknown> | undefined;
    const events = await collectSubscription<{ runEvents: { events: EventRow[] } }>(
      api.wsClient(),
      EVENTS_SUB,
      { runId, after: 0 },
      (m) => {
        if (!terminated && m.runEvents.events.some((e) => e.type === "LOG" && e.message.includes("waiting for terminate"))) {
          terminated = api.gql(
            `mutation($id: ID!) { terminateRun(id: $id) { __typename ... on TerminateRunSuccess { run { status } } } }`,
            { id: runId },
          );
        }
      },
    );
    const result = (await terminated) as { data: { terminateRun: { __typename: string } } };
    assert.equal(result.data.terminateRun.__typename, "TerminateRunSuccess");
    const types = events.flatMap((m) => m.runEvents.events.map((e) => e.type));
    assert.equal(types.at(-1), "RUN_CANCELED");
    assert.equal((await getRun(api, runId)).status, "CANCELED");

    const again = await api.gql(
      `mutation($id: ID!) { terminateRun(id: $id) { __typename ... on RunNotTerminableError { status message } } }`,
      { id: runId },
    );
    assert.equal(again.data.terminateRun.__typename, "RunNotTerminableError");
    assert.equal(again.data.terminateRun.status, "CANCELED");
  });

  test("reexecuteRun FROM_FAILURE runs only the failed and skipped steps, with parent and root recorded", async () => {
    const marker = join(scratch, "fail-marker");
    writeFileSync(marker, "fail");
    const first = await launch(api, { job: "flaky", config: { ops: { flaky_step: { failWhileExists: marker } } } });
    const firstEvents = await streamToEnd(api, first.run.id);
    assert.equal(firstEvents.at(-1)!.type, "RUN_FAILURE");
    assert.ok(firstEvents.some((e) => e.type === "STEP_SKIPPED" && e.stepKey === "after_flaky"));
    rmSync(marker);

    const result = await api.gql(
      `mutation($id: ID!) { reexecuteRun(id: $id, strategy: FROM_FAILURE) { __typename ... on ReexecuteRunSuccess { run { ${RUN_FIELDS} } } ... on Error { message } } }`,
      { id: first.run.id },
    );
    const child = result.data.reexecuteRun;
    assert.equal(child.__typename, "ReexecuteRunSuccess", child.message);
    assert.equal(child.run.parentRunId, first.run.id);
    assert.equal(child.run.rootRunId, first.run.id);
    assert.deepEqual([...child.run.stepSelection].sort(), ["after_flaky", "flaky_step"]);
    const childEvents = await streamToEnd(api, child.run.id);
    assert.equal(childEvents.at(-1)!.type, "RUN_SUCCESS");
    const started = childEvents.filter((e) => e.type === "STEP_START").map((e) => e.stepKey);
    assert.deepEqual(started, ["flaky_step", "after_flaky"]);

    const notAgain = await api.gql(`mutation($id: ID!) { reexecuteRun(id: $id, strategy: FROM_FAILURE) { __typename } }`, {
      id: child.run.id,
    });
    assert.equal(notAgain.data.reexecuteRun.__typename, "ReexecutionNotPossibleError");
  });

  test("a code location that throws at import is listed with its error beside the good one", async () => {
    const result = await api.gql(`{ codeLocations { name status error { message file line } jobs { name } } }`);
    const byName = Object.fromEntries(result.data.codeLocations.map((l: { name: string }) => [l.name, l]));
    assert.equal(byName.api.status, "LOADED");
    assert.deepEqual(
      byName.api.jobs
        .map((j: { name: string }) => j.name)
        .filter((n: string) => !n.startsWith("__"))
        .sort(),
      ["etl", "flaky", "noop", "slow"],
    );
    assert.equal(byName.throwsAtImport.status, "ERROR");
    assert.match(byName.throwsAtImport.error.message, /warehouse credentials are missing/);
    assert.match(byName.throwsAtImport.error.file, /throwsAtImport\.ts$/);
  });

  test("runs filter by status, job and tag, paginated as a connection; unknown run ids are null", async () => {
    const tagged = await launch(api, { job: "noop", tags: [{ key: "batch", value: "filter-test" }] });
    await streamToEnd(api, tagged.run.id);
    const byTag = await api.gql(`{ runs(filter: { tags: [{ key: "batch", value: "filter-test" }] }) { edges { node { id } } } }`);
    assert.deepEqual(
      byTag.data.runs.edges.map((e: { node: { id: string } }) => e.node.id),
      [tagged.run.id],
    );
    const byJobAndStatus = await api.gql(
      `{ runs(filter: { job: "noop", statuses: [SUCCESS] }, first: 100) { edges { node { jobName status } } } }`,
    );
    assert.ok(byJobAndStatus.data.runs.edges.length >= 1);
    assert.ok(
      byJobAndStatus.data.runs.edges.every(
        (e: { node: { jobName: string; status: string } }) => e.node.jobName === "noop" && e.node.status === "SUCCESS",
      ),
    );
    const page1 = await api.gql(`{ runs(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
    assert.equal(page1.data.runs.edges.length, 2);
    assert.equal(page1.data.runs.pageInfo.hasNextPage, true);
    const page2 = await api.gql(`query($after: String) { runs(first: 2, after: $after) { edges { node { id } } } }`, {
      after: page1.data.runs.pageInfo.endCursor,
    });
    const ids1 = page1.data.runs.edges.map((e: { node: { id: string } }) => e.node.id);
    for (const e of page2.data.runs.edges) assert.ok(!ids1.includes(e.node.id), "pages do not overlap");
    assert.equal((await api.gql(`{ run(id: "nope") { id } }`)).data.run, null);
  });

  test("materializeAssets records materializations that assetGraph shows as latest", async () => {
    const result = await api.gql(
      `mutation { materializeAssets(input: { keys: ["source", "doubled"] }) { __typename ... on MaterializeAssetsSuccess { run { id } } } }`,
    );
    assert.equal(result.data.materializeAssets.__typename, "MaterializeAssetsSuccess");
    const events = await streamToEnd(api, result.data.materializeAssets.run.id);
    assert.equal(events.at(-1)!.type, "RUN_SUCCESS");
    const graph = await api.gql(`{ assetGraph { nodes { key latestMaterialization { runId } } edges { from to } } }`);
    assert.deepEqual(graph.data.assetGraph.edges, [{ from: "source", to: "doubled" }]);
    for (const node of graph.data.assetGraph.nodes)
      assert.equal(node.latestMaterialization.runId, result.data.materializeAssets.run.id);
    const missing = await api.gql(
      `mutation { materializeAssets(input: { keys: ["nope"] }) { __typename ... on AssetNotFoundError { assetKeys } } }`,
    );
    assert.deepEqual(missing.data.materializeAssets, { __typename: "AssetNotFoundError", assetKeys: ["nope"] });
  });

  test("malformed GraphQL gets an error and the server keeps serving", async () => {
    const bad = await api.gql(`{ runs(first: ) {`);
    assert.ok(bad.errors?.length);
    const unknownField = await api.gql(`{ nope }`);
    assert.match(unknownField.errors![0]!.message, /nope/);
    const response = await fetch(api.api.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-weir-request": "test" },
      body: "{not json",
    });
    assert.ok(response.status >= 400);
    const ok = await api.gql(`{ instance { storage { kind } launcher { name } } }`);
    assert.equal(ok.data.instance.storage.kind, kind);
    assert.equal(ok.data.instance.launcher.name, "in-process");
  });

  test("reloadCodeLocation picks up an edited file without restarting the server", async () => {
    const dir = join(scratch, "editable");
    mkdirSync(dir);
    const file = join(dir, "definitions.ts");
    const source = (jobs: string[]) =>
      `import { defineDefinitions, defineJob, defineOp } from "@weir/sdk";\n` +
      jobs
        .map((j) => `const ${j} = defineJob({ name: "${j}", ops: [defineOp({ name: "${j}_op", run: async () => 1 })] });`)
        .join("\n") +
      `\nexport default defineDefinitions({ jobs: [${jobs.join(", ")}] });\n`;
    writeFileSync(file, source(["first_job"]));
    const local = await startTestApi({ databaseUrl: null, locations: [file] });
    try {
      const jobs = async () => (await local.gql(`{ jobs { name } }`)).data.jobs.map((j: { name: string }) => j.name).sort();
      assert.deepEqual(await jobs(), ["first_job"]);
      writeFileSync(file, source(["first_job", "second_job"]));
      const reloaded = await local.gql(
        `mutation { reloadCodeLocation(name: "editable") { __typename ... on ReloadCodeLocationSuccess { location { status } } } }`,
      );
      assert.equal(reloaded.data.reloadCodeLocation.location.status, "LOADED");
      assert.deepEqual(await jobs(), ["first_job", "second_job"]);
      const launched = await launch(local, { job: "second_job" });
      assert.equal((await streamToEnd(local, launched.run.id)).at(-1)!.type, "RUN_SUCCESS");
    } finally {
      await local.close();
    }
  });
});
