// @weir/client launching partitions against a real Weir API (loopback, port 0) on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "../../server/test/databases.ts";
import { PartitionNotFoundError, WeirClientError, createWeirClient, type WeirClient } from "../src/index.ts";
import { startTestServer, type TestServer } from "./testServer.ts";

const PARTITIONS_LOCATION = fileURLToPath(new URL("../../server/test/fixtures/partitions/definitions.ts", import.meta.url));

after(dropTestDatabases);

forEachDatabase("@weir/client partitions", (kind) => {
  let server: TestServer;
  let client: WeirClient;
  before(async () => {
    server = await startTestServer({
      databaseUrl: kind === "postgres" ? await createTestDatabaseUrl() : null,
      locations: [PARTITIONS_LOCATION],
    });
    client = createWeirClient({ url: server.url });
  });
  after(async () => {
    await client?.close();
    await server?.close();
  });

  test("launchRun and materializeAssets take a partition key or a range", async () => {
    const run = await client.launchRun({ job: "daily_events_job", partitionKey: "2024-01-07" });
    assert.equal(run.partitionKey, "2024-01-07");
    assert.equal((await client.waitForRun(run.id)).status, "SUCCESS");

    const ranged = await client.materializeAssets({
      keys: ["event_rollup"],
      partitionKeyRange: { start: "2024-01-10", end: "2024-01-12" },
    });
    assert.deepEqual(
      ranged.tags.filter((t) => t.key.startsWith("weir/partition")),
      [
        { key: "weir/partition_range_end", value: "2024-01-12" },
        { key: "weir/partition_range_start", value: "2024-01-10" },
      ],
    );
    assert.equal((await client.waitForRun(ranged.id)).status, "SUCCESS");
  });

  test("an unknown partition is a PartitionNotFoundError; an impossible selection names its typename", async () => {
    await assert.rejects(
      client.materializeAssets({ keys: ["region_totals"], partitionKey: "apac" }),
      (e) => e instanceof PartitionNotFoundError && e.partitionKey === "apac" && e.target === 'asset "region_totals"',
    );
    await assert.rejects(
      client.materializeAssets({ keys: ["plain"], partitionKey: "eu" }),
      (e) => e instanceof WeirClientError && e.typename === "InvalidPartitionSelectionError" && /not partitioned/.test(e.message),
    );
  });
});
