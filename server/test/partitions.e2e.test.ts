// Partitioned runs through the API over real HTTP and graphql-ws, on PGlite and PostgreSQL: launching a
// partition or a range, the typed errors a bad selection gets (with nothing stored), and the partitions
// description of assets and jobs.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { collectSubscription, startTestApi, type TestApi } from "./apiHarness.ts";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "./databases.ts";

const partitionsLocation = join(fileURLToPath(new URL("./fixtures/", import.meta.url)), "partitions", "definitions.ts");

const RUN_FIELDS = "id status jobName partitionKey tags { key value }";
const RESULT_FIELDS = `
  ... on Error { message }
  ... on PartitionNotFoundError { partitionKey target }`;
const LAUNCH = `mutation($input: LaunchRunInput!) { launchRun(input: $input) {
  __typename ... on LaunchRunSuccess { run { ${RUN_FIELDS} } } ${RESULT_FIELDS} } }`;
const MATERIALIZE = `mutation($input: MaterializeAssetsInput!) { materializeAssets(input: $input) {
  __typename ... on MaterializeAssetsSuccess { run { ${RUN_FIELDS} } } ${RESULT_FIELDS} } }`;
const EVENTS_SUB = `subscription($runId: ID!) { runEvents(runId: $runId) { events { type message } } }`;

after(dropTestDatabases);

type Tag = { key: string; value: string };
const tagMap = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

async function mutate(api: TestApi, query: string, input: Record<string, unknown>) {
  const result = await api.gql(query, { input });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return Object.values(result.data as Record<string, any>)[0];
}

async function lastEvent(api: TestApi, runId: string): Promise<{ type: string; message: string }> {
  const messages = await collectSubscription<{ runEvents: { events: { type: string; message: string }[] } }>(
    api.wsClient(),
    EVENTS_SUB,
    { runId },
  );
  return messages.flatMap((m) => m.runEvents.events).at(-1)!;
}

async function materializationsOf(api: TestApi, key: string): Promise<{ partitionKey: string | null; runId: string }[]> {
  const result = await api.gql(
    `query($key: String!) { asset(key: $key) { materializations(first: 100) { edges { node { partitionKey runId } } } } }`,
    { key },
  );
  return result.data.asset.materializations.edges.map((e: { node: unknown }) => e.node);
}

async function runCount(api: TestApi): Promise<number> {
  return (await api.gql(`{ runs(first: 1000) { edges { node { id } } } }`)).data.runs.edges.length;
}

forEachDatabase("partitioned runs through the API", (kind) => {
  let api: TestApi;

  before(async () => {
    api = await startTestApi({
      databaseUrl: kind === "postgres" ? await createTestDatabaseUrl() : null,
      locations: [partitionsLocation],
    });
  });
  after(async () => {
    await api?.close();
  });

  test("launchRun of a partitioned asset job for a key stores the key and tag; the run materializes that partition", async () => {
    const result = await mutate(api, LAUNCH, { job: "daily_events_job", partitionKey: "2024-01-05" });
    assert.equal(result.__typename, "LaunchRunSuccess", result.message);
    assert.equal(result.run.partitionKey, "2024-01-05");
    assert.equal(tagMap(result.run.tags)["weir/partition"], "2024-01-05");
    const last = await lastEvent(api, result.run.id);
    assert.equal(last.type, "RUN_SUCCESS", last.message);
    const mats = (await materializationsOf(api, "daily_events")).filter((m) => m.runId === result.run.id);
    assert.deepEqual(
      mats.map((m) => m.partitionKey),
      ["2024-01-05"],
    );
  });

  test("materializeAssets takes partitionKey, and partition as its deprecated alias", async () => {
    for (const [input, key] of [
      [{ keys: ["region_totals"], partitionKey: "eu" }, "eu"],
      [{ keys: ["region_totals"], partition: "us" }, "us"],
    ] as const) {
      const result = await mutate(api, MATERIALIZE, input);
      assert.equal(result.__typename, "MaterializeAssetsSuccess", result.message);
      assert.equal(result.run.partitionKey, key);
      assert.equal(tagMap(result.run.tags)["weir/partition"], key);
      assert.equal((await lastEvent(api, result.run.id)).type, "RUN_SUCCESS");
      const mats = (await materializationsOf(api, "region_totals")).filter((m) => m.runId === result.run.id);
      assert.deepEqual(
        mats.map((m) => m.partitionKey),
        [key],
      );
    }
  });

  test("a range of a singleRun asset is one run that materializes each partition of the range", async () => {
    const result = await mutate(api, MATERIALIZE, {
      keys: ["event_rollup"],
      partitionKeyRange: { start: "2024-01-02", end: "2024-01-04" },
    });
    assert.equal(result.__typename, "MaterializeAssetsSuccess", result.message);
    const tags = tagMap(result.run.tags);
    assert.equal(tags["weir/partition_range_start"], "2024-01-02");
    assert.equal(tags["weir/partition_range_end"], "2024-01-04");
    assert.equal(result.run.partitionKey, null);
    const last = await lastEvent(api, result.run.id);
    assert.equal(last.type, "RUN_SUCCESS", last.message);
    const mats = (await materializationsOf(api, "event_rollup")).filter((m) => m.runId === result.run.id);
    assert.deepEqual(mats.map((m) => m.partitionKey).sort(), ["2024-01-02", "2024-01-03", "2024-01-04"]);
  });

  test("bad selections are typed errors naming the key and the target, and store no run", async () => {
    const before = await runCount(api);

    const unknownKey = await mutate(api, LAUNCH, { job: "daily_events_job", partitionKey: "2023-12-31" });
    assert.equal(unknownKey.__typename, "PartitionNotFoundError");
    assert.equal(unknownKey.partitionKey, "2023-12-31");
    assert.equal(unknownKey.target, 'asset "daily_events"');
    assert.match(
      unknownKey.message,
      /partition "2023-12-31" is not a partition of asset "daily_events" \(partitions: "2024-01-01"/,
    );

    const unknownStatic = await mutate(api, MATERIALIZE, { keys: ["region_totals"], partitionKey: "apac" });
    assert.deepEqual(
      { type: unknownStatic.__typename, key: unknownStatic.partitionKey, target: unknownStatic.target },
      { type: "PartitionNotFoundError", key: "apac", target: 'asset "region_totals"' },
    );

    const unpartitioned = await mutate(api, MATERIALIZE, { keys: ["plain"], partitionKey: "2024-01-05" });
    assert.equal(unpartitioned.__typename, "InvalidPartitionSelectionError");
    assert.match(unpartitioned.message, /asks for partition "2024-01-05", but asset "plain" is not partitioned/);

    const rangeWithoutPolicy = await mutate(api, LAUNCH, {
      job: "daily_events_job",
      partitionKeyRange: { start: "2024-01-02", end: "2024-01-04" },
    });
    assert.equal(rangeWithoutPolicy.__typename, "InvalidPartitionSelectionError");
    assert.match(
      rangeWithoutPolicy.message,
      /asset "daily_events" cannot take a range in one run: declare backfillPolicy: "singleRun"/,
    );

    const reversed = await mutate(api, MATERIALIZE, {
      keys: ["event_rollup"],
      partitionKeyRange: { start: "2024-01-04", end: "2024-01-02" },
    });
    assert.equal(reversed.__typename, "InvalidPartitionSelectionError");
    assert.match(reversed.message, /reversed/);

    const both = await mutate(api, MATERIALIZE, {
      keys: ["event_rollup"],
      partitionKey: "2024-01-02",
      partitionKeyRange: { start: "2024-01-02", end: "2024-01-04" },
    });
    assert.equal(both.__typename, "InvalidPartitionSelectionError");
    assert.match(both.message, /not both/);

    const dynamic = await mutate(api, MATERIALIZE, { keys: ["customer_facts"], partitionKey: "acme" });
    assert.equal(dynamic.__typename, "InvalidPartitionSelectionError");
    assert.match(dynamic.message, /dynamic partitions are not supported by the server yet/);

    assert.equal(await runCount(api), before, "no run was stored");
  });

  test("assets and jobs describe their partitions; an asset's keys come in cursor pages", async () => {
    const result = await api.gql(`{
      daily: asset(key: "daily_events") {
        partitionsDefinition { kind description timezone cron start end format dimensions { name } }
        takesPartitionRange
        first: partitionKeys(first: 3) { edges { node cursor } pageInfo { hasNextPage endCursor } }
      }
      regions: asset(key: "region_totals") { partitionsDefinition { kind description } partitionKeys(first: 10) { edges { node } } }
      plain: asset(key: "plain") { partitionsDefinition { kind } partitionKeys(first: 10) { edges { node } } }
      jobs: codeLocations { jobs { name partitionsDefinition { kind } } }
    }`);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { daily, regions, plain, jobs } = result.data;
    assert.deepEqual(daily.partitionsDefinition, {
      kind: "time",
      description: 'time partitions (cron "0 0 * * *" in UTC, from 2024-01-01T00:00:00.000Z)',
      timezone: "UTC",
      cron: "0 0 * * *",
      start: "2024-01-01T00:00:00.000Z",
      end: "2024-02-01T00:00:00.000Z",
      format: "yyyy-MM-dd",
      dimensions: [],
    });
    assert.equal(daily.takesPartitionRange, false);
    assert.deepEqual(
      daily.first.edges.map((e: { node: string }) => e.node),
      ["2024-01-01", "2024-01-02", "2024-01-03"],
    );
    assert.equal(daily.first.pageInfo.hasNextPage, true);
    const next = await api.gql(
      `query($after: String) { asset(key: "daily_events") { partitionKeys(first: 100, after: $after) {
      edges { node } pageInfo { hasNextPage } } } }`,
      { after: daily.first.pageInfo.endCursor },
    );
    const rest = next.data.asset.partitionKeys;
    assert.equal(rest.edges.length, 28);
    assert.equal(rest.edges[0].node, "2024-01-04");
    assert.equal(rest.edges.at(-1).node, "2024-01-31");
    assert.equal(rest.pageInfo.hasNextPage, false);
    assert.deepEqual(regions.partitionsDefinition, { kind: "static", description: "static partitions [eu, us]" });
    assert.deepEqual(
      regions.partitionKeys.edges.map((e: { node: string }) => e.node),
      ["eu", "us"],
    );
    assert.equal(plain.partitionsDefinition, null);
    assert.deepEqual(plain.partitionKeys.edges, []);
    const jobList = jobs.flatMap((l: { jobs: unknown[] }) => l.jobs);
    assert.deepEqual(jobList.find((j: { name: string }) => j.name === "daily_events_job").partitionsDefinition, { kind: "time" });
  });
});
