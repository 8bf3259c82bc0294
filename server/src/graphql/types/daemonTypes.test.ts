import assert from "node:assert/strict";
import { after, it } from "node:test";
import { startTestApi } from "../../../test/apiHarness.ts";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "../../../test/databases.ts";
import { DAEMON_LOOPS } from "../../daemon/daemonLoops.ts";
import { DAEMON_LOCATION, waitFor } from "../../daemon/daemonTestHarness.ts";

after(() => dropTestDatabases());

forEachDatabase("daemon API", (kind) => {
  it("run queue limits, queued-run reasons, schedule start/stop with ticks and nextTick, daemon health", async () => {
    const api = await startTestApi({
      databaseUrl: kind === "postgres" ? await createTestDatabaseUrl() : null,
      locations: [DAEMON_LOCATION],
    });
    try {
      const queue = `{ instance { daemonRunning daemonHealth { loopName label description healthy lastError } runQueue { maxConcurrentRuns limitsSource tagConcurrencyLimits { key value limit perUniqueValue } queuedCount inProgressCount queuedRuns(first: 10) { runId waitKind reason } } } }`;
      const initial = await api.gql(queue);
      assert.equal(initial.errors, undefined, JSON.stringify(initial.errors));
      assert.equal(initial.data.instance.runQueue.limitsSource, "CONFIG");
      assert.equal(initial.data.instance.daemonRunning, true);
      // Every registered loop reports, with the label and description its file gives it.
      assert.deepEqual(
        initial.data.instance.daemonHealth.map((h: { loopName: string; label: string; description: string }) => [
          h.loopName,
          h.label,
          h.description,
        ]),
        DAEMON_LOOPS.map((l) => [l.name, l.label, l.description]).sort(([a], [b]) => a!.localeCompare(b!)),
      );
      assert.ok(initial.data.instance.daemonHealth.some((h: { label: string }) => h.label === "Run queue"));

      const set = `mutation($input: RunQueueLimitsInput!) { setRunQueueLimits(input: $input) {
        __typename ... on RunQueueInfo { maxConcurrentRuns limitsSource tagConcurrencyLimits { key value limit } } ... on InvalidRunQueueLimitsError { message problems } } }`;
      const invalid = await api.gql(set, { input: { maxConcurrentRuns: -1 } });
      assert.equal(invalid.data.setRunQueueLimits.__typename, "InvalidRunQueueLimitsError");
      assert.match(invalid.data.setRunQueueLimits.problems.join(), /maxConcurrentRuns/);
      // No slot at all: a launched run waits and says why.
      const held = await api.gql(set, {
        input: { maxConcurrentRuns: 0, tagConcurrencyLimits: [{ key: "db", value: "warehouse", limit: 1 }] },
      });
      assert.deepEqual(held.data.setRunQueueLimits, {
        __typename: "RunQueueInfo",
        maxConcurrentRuns: 0,
        limitsSource: "API",
        tagConcurrencyLimits: [{ key: "db", value: "warehouse", limit: 1 }],
      });
      const run = await api.instance.launchRun({ job: "quick", config: { ops: { pause: { ms: 1 } } } });
      const waiting = await api.gql(queue);
      assert.deepEqual(
        waiting.data.instance.runQueue.queuedRuns.map((r: { runId: string; waitKind: string }) => [r.runId, r.waitKind]),
        [[run.id, "MAX_CONCURRENT_RUNS"]],
      );
      assert.match(waiting.data.instance.runQueue.queuedRuns[0].reason, /maxConcurrentRuns is 0/);
      await api.gql(`mutation { resetRunQueueLimits { __typename } }`);
      await waitFor(
        "the held run to finish once the limits are reset",
        async () =>
          (await api.instance.store.prisma.run.findUnique({ where: { id: run.id } }))?.status === "SUCCESS" || undefined,
      );

      const start = await api.gql(`mutation { startSchedule(name: "every_second") { ... on Schedule { status nextTick } } }`);
      assert.equal(start.data.startSchedule.status, "RUNNING");
      assert.ok(new Date(start.data.startSchedule.nextTick).getTime() - Date.now() <= 1000);
      const ticksQuery = `{ schedules { name status ticks(first: 2) { edges { cursor node { status scheduledAt runIds errorMessage } } pageInfo { hasNextPage endCursor } } } }`;
      const withTicks = await waitFor("two schedule ticks through the API", async () => {
        const r = await api.gql(ticksQuery);
        const s = r.data.schedules.find((x: { name: string }) => x.name === "every_second");
        return s.ticks.edges.length === 2 && s.ticks.edges.every((e: { node: { status: string } }) => e.node.status === "SUCCESS")
          ? s
          : undefined;
      });
      const [newest, older] = withTicks.ticks.edges;
      assert.ok(new Date(newest.node.scheduledAt) > new Date(older.node.scheduledAt), "newest first");
      assert.equal(newest.node.runIds.length, 1);
      const stop = await api.gql(`mutation { stopSchedule(name: "every_second") { ... on Schedule { status nextTick } } }`);
      assert.deepEqual(stop.data.stopSchedule, { status: "STOPPED", nextTick: null });

      await api.gql(`mutation { startSensor(name: "broken") { __typename } }`);
      const failing = await waitFor("a failed sensor tick through the API", async () => {
        const r = await api.gql(
          `{ sensors { name ticks(first: 1, statuses: [FAILURE]) { edges { node { status errorMessage } } } } }`,
        );
        return r.data.sensors.find((x: { name: string }) => x.name === "broken").ticks.edges[0]?.node;
      });
      assert.match(failing.errorMessage, /sensor broke on purpose/);
      const cursor = await api.gql(`mutation { setSensorCursor(name: "counter", cursor: "41") { ... on Sensor { cursor } } }`);
      assert.equal(cursor.data.setSensorCursor.cursor, "41");
    } finally {
      await api.close();
    }
  });
});
