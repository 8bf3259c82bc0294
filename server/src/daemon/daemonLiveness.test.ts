import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import { openTestStore } from "../../test/databases.ts";
import { singleProcessLiveness, startPostgresLiveness } from "./daemonLiveness.ts";
import { waitFor } from "./daemonTestHarness.ts";

const silent = pino({ level: "silent" });

describe("daemon liveness [pglite]", () => {
  it("one process owns the store: only this daemon lives, and a lock held here is not taken again", async () => {
    const liveness = singleProcessLiveness("me");
    assert.deepEqual(await liveness.alive(["me", "an-earlier-process"]), new Set(["me"]));
    const inner = await liveness.whileHolding("tick", async () => liveness.whileHolding("tick", async () => "twice"));
    assert.deepEqual(inner, { held: true, value: { held: false } });
    assert.deepEqual(
      await liveness.whileHolding("tick", async () => "again"),
      { held: true, value: "again" },
      "released after the work",
    );
  });
});

// Without WEIR_TEST_DATABASE_URL openTestStore fails, saying so.
describe("daemon liveness [postgres]", () => {
  it("a daemon lives while its session holds its lock; work locks exclude other daemons until released or the session ends", async () => {
    const store = await openTestStore("postgres");
    const a = await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "a", log: silent });
    let b = await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "b", log: silent });
    try {
      assert.deepEqual(await a.alive(["a", "b", "never-started"]), new Set(["a", "b"]));
      await assert.rejects(
        startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "a", log: silent }),
        /held by another session/,
      );

      let release: (() => void) | undefined;
      const holding = a.whileHolding(
        "schedule tick t",
        () => new Promise<string>((resolve) => (release = () => resolve("done"))),
      );
      // The lock is taken before the work starts.
      await waitFor("a to hold the lock", async () => release !== undefined);
      assert.deepEqual(await b.whileHolding("schedule tick t", async () => "b ran"), { held: false }, "a holds it");
      release!();
      assert.deepEqual(await holding, { held: true, value: "done" });
      assert.deepEqual(
        await b.whileHolding("schedule tick t", async () => "b ran"),
        { held: true, value: "b ran" },
        "released with the work",
      );

      // A session that ends (as a killed process's does) takes its locks with it.
      let bHolds = false;
      void b.whileHolding("schedule tick u", () => ((bHolds = true), new Promise(() => {})));
      await waitFor("b to hold the lock", async () => bHolds);
      assert.deepEqual(await a.whileHolding("schedule tick u", async () => true), { held: false });
      await b.close();
      assert.deepEqual(await a.alive(["a", "b"]), new Set(["a"]));
      assert.deepEqual(await a.whileHolding("schedule tick u", async () => "taken over"), { held: true, value: "taken over" });
      b = await startPostgresLiveness({ store, databaseUrl: store.location, daemonId: "b", log: silent });
      assert.deepEqual(await a.alive(["a", "b"]), new Set(["a", "b"]));
    } finally {
      await a.close();
      await b.close();
      await store.close();
    }
  });
});
