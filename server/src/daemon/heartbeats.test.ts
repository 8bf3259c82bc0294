import assert from "node:assert/strict";
import { it } from "node:test";
import { pino } from "pino";
import { forEachDatabase, openTestStore } from "../../test/databases.ts";
import { DAEMON_LOOP_NAMES } from "./daemonLoops.ts";
import { startPostgresLiveness } from "./daemonLiveness.ts";
import { readDaemonHealth, startHeartbeats } from "./heartbeats.ts";

const FRESH_MS = 15_000;
const silent = pino({ level: "silent" });

forEachDatabase("daemon heartbeats", (kind) => {
  it("one row per registered loop; a failed pass's error stays shown; stale rows are unhealthy; stop removes the rows", async () => {
    const store = await openTestStore(kind);
    // On PostgreSQL a daemon is healthy only while it holds its liveness lock.
    const liveness =
      kind === "postgres"
        ? await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "d1", log: silent })
        : null;
    const heartbeats = startHeartbeats(store, [...DAEMON_LOOP_NAMES], 60_000, "d1");
    try {
      await heartbeats.flush();
      const first = await readDaemonHealth(store, FRESH_MS);
      assert.deepEqual(
        first.map((h) => h.loopName),
        [...DAEMON_LOOP_NAMES].sort(),
      );
      assert.ok(
        first.every((h) => h.daemonId === "d1" && h.healthy && h.lastError === null),
        JSON.stringify(first),
      );

      heartbeats.beat("scheduler", new Error("could not read schedule states: connection refused"));
      heartbeats.beat("scheduler");
      await heartbeats.flush();
      const afterError = await readDaemonHealth(store, FRESH_MS);
      assert.equal(
        afterError.find((h) => h.loopName === "scheduler")?.lastError,
        "could not read schedule states: connection refused",
        "a later good pass keeps the last error shown",
      );
      assert.equal(afterError.find((h) => h.loopName === "sensors")?.lastError, null);

      // A loop that stopped beating a minute ago (database time) is unhealthy; rows older than keepMs are not listed.
      await store.query(`UPDATE daemon_heartbeats SET "timestamp" = now() - interval '1 minute' WHERE loop_name = 'sensors'`, []);
      const stale = await readDaemonHealth(store, FRESH_MS);
      assert.equal(stale.find((h) => h.loopName === "sensors")?.healthy, false);
      assert.equal(stale.find((h) => h.loopName === "runQueue")?.healthy, true);
      assert.equal(
        (await readDaemonHealth(store, FRESH_MS, 30_000)).some((h) => h.loopName === "sensors"),
        false,
      );

      await heartbeats.stop();
      assert.deepEqual(await readDaemonHealth(store, FRESH_MS), []);
    } finally {
      await heartbeats.stop();
      await liveness?.close();
      await store.close();
    }
  });

  // Not declared on the embedded store: it runs inside this process, on this host's clock, and one process
  // owns it, so there is neither another clock nor another daemon's process to judge.
  if (kind === "postgres") {
    it("times are the database's: a host whose clock is an hour behind still writes fresh heartbeats", async () => {
      const store = await openTestStore(kind);
      const liveness = await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "behind", log: silent });
      const realNow = Date.now;
      const heartbeats = startHeartbeats(store, ["runQueue"], 60_000, "behind");
      try {
        Date.now = () => realNow() - 3600_000;
        try {
          heartbeats.beat("runQueue");
          await heartbeats.flush();
        } finally {
          Date.now = realNow;
        }
        const [row] = await readDaemonHealth(store, FRESH_MS);
        assert.equal(row?.healthy, true, JSON.stringify(row));
        const [{ skew }] = await store.query<{ skew: number }>(
          `SELECT abs(extract(epoch FROM now() - "timestamp")) AS skew FROM daemon_heartbeats`,
          [],
        );
        assert.ok(Number(skew) < 60, `the stored heartbeat is ${skew} s away from the database's clock`);
      } finally {
        await heartbeats.stop();
        await liveness.close();
        await store.close();
      }
    });

    it("a daemon whose process is gone is unhealthy at once, though its rows are fresh", async () => {
      const store = await openTestStore(kind);
      const heartbeats = startHeartbeats(store, ["runQueue"], 60_000, "gone");
      let liveness = await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "gone", log: silent });
      try {
        await heartbeats.flush();
        assert.equal((await readDaemonHealth(store, FRESH_MS))[0]?.healthy, true);
        // Its liveness session ends as a killed process's would: the rows stay, fresh.
        await liveness.close();
        const [row] = await readDaemonHealth(store, FRESH_MS);
        assert.equal(row?.daemonId, "gone");
        assert.equal(row?.healthy, false);
        liveness = await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "gone", log: silent });
        assert.equal((await readDaemonHealth(store, FRESH_MS))[0]?.healthy, true);
      } finally {
        await heartbeats.stop();
        await liveness.close();
        await store.close();
      }
    });
  }
});
