import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { pglitePreparedQueries, type PreparedQuery } from "./pglitePreparedStatements.ts";

describe("PGlite prepared statements", () => {
  let pglite: PGlite;
  let query: PreparedQuery;
  let inTransaction: PreparedQuery;

  before(async () => {
    pglite = await PGlite.create();
    await pglite.exec("CREATE TABLE items (id int PRIMARY KEY, tags text[], body jsonb)");
    ({ query, inTransaction } = pglitePreparedQueries(pglite));
  });
  after(() => pglite.close());

  it("binds text, arrays and json, and returns typed rows, statement after statement", async () => {
    const insert = "INSERT INTO items SELECT $1::int, $2::text[], $3::jsonb RETURNING id, tags, body";
    assert.deepEqual(await query("insert_item", insert, [1, ["a", 'b"c', "d,e"], '{"n":1}']), [
      { id: 1, tags: ["a", 'b"c', "d,e"], body: { n: 1 } },
    ]);
    assert.deepEqual(await query("insert_item", insert, [2, [], null]), [{ id: 2, tags: [], body: null }]);
    assert.equal(
      (await pglite.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'insert_item'"))
        .rows[0]!.n,
      1,
    );
  });

  it("sends bytes as a binary parameter (jsonb: a version byte, then the text)", async () => {
    const body = Buffer.concat([Buffer.from([1]), Buffer.from('{"n":3,"s":"é"}')]);
    assert.deepEqual(
      await query("insert_binary", "INSERT INTO items (id, body) VALUES ($1::int, $2::jsonb) RETURNING body", [3, body]),
      [{ body: { n: 3, s: "é" } }],
    );
    await assert.rejects(
      query("insert_binary", "INSERT INTO items (id, body) VALUES ($1::int, $2::jsonb) RETURNING body", [
        4,
        Buffer.from('{"n":4}'),
      ]),
      /unsupported jsonb version number/,
    );
  });

  it("reports a failing execution with its SQLSTATE and keeps the statement usable", async () => {
    const insert = "INSERT INTO items (id) VALUES ($1::int) RETURNING id";
    await query("insert_id", insert, [10]);
    await assert.rejects(query("insert_id", insert, [10]), (error: { code?: string }) => error.code === "23505");
    await assert.rejects(query("insert_id", insert, ["not a number"]), (error: { code?: string }) => error.code === "22P02");
    assert.deepEqual(await query("insert_id", insert, [11]), [{ id: 11 }]);
    assert.equal(pglite.isInTransaction(), false);
  });

  it("refuses one name for two texts instead of running the wrong statement", async () => {
    await query("one_name", "SELECT 1 AS n", []);
    await assert.rejects(query("one_name", "SELECT 2 AS n", []), /prepared statement one_name is already defined/);
  });

  it("waits for an open transaction instead of running inside it", async () => {
    let release!: () => void;
    let inserted!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const insertDone = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = pglite.transaction(async (tx) => {
      await tx.query("INSERT INTO items (id) VALUES (20)");
      inserted();
      await held;
      await tx.rollback();
    });
    await insertDone;
    const counted = query<{ n: number }>("count_items", "SELECT count(*)::int AS n FROM items WHERE id = 20", []);
    // A statement that ignored the open transaction would run inside it now and count the row.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await transaction;
    assert.deepEqual(await counted, [{ n: 0 }]);
  });

  it("runs inside a transaction, which commits or rolls back what it did; the statement outlives a rollback", async () => {
    const insert = "INSERT INTO items (id) VALUES ($1::int) RETURNING id";
    await pglite.transaction(async () => {
      await inTransaction("tx_insert", insert, [30]);
    });
    await assert.rejects(
      pglite.transaction(async () => {
        await inTransaction("tx_insert", insert, [31]);
        throw new Error("abandon");
      }),
      /abandon/,
    );
    await inTransaction("tx_insert", insert, [32]);
    const ids = (await pglite.query<{ id: number }>("SELECT id FROM items WHERE id BETWEEN 30 AND 39 ORDER BY id")).rows.map(
      (r) => r.id,
    );
    assert.deepEqual(ids, [30, 32]);
  });
});
