import assert from "node:assert/strict";
import { test } from "node:test";
import { dynamicPartitions } from "./dynamicPartitions.ts";
import { multiPartitions } from "./multiPartitions.ts";
import { PartitionKeyError } from "./partitionsDefinition.ts";
import { staticPartitions } from "./staticPartitions.ts";
import { dailyPartitions } from "./timePartitions.ts";

const now = new Date("2024-01-03T12:00:00Z");

test("multi partitions: every pair of keys, dimensions in declared order", () => {
  const p = multiPartitions({ date: dailyPartitions({ start: "2024-01-01" }), region: staticPartitions(["eu", "us"]) });
  assert.equal(p.kind, "multi");
  assert.deepEqual(Object.keys(p.dimensions), ["date", "region"]);
  assert.deepEqual(p.keys({ now }), ["2024-01-01|eu", "2024-01-01|us", "2024-01-02|eu", "2024-01-02|us"]);
  assert.equal(p.has("2024-01-02|us", { now }), true);
  assert.equal(p.has("2024-01-03|us", { now }), false);
  assert.equal(p.has("2024-01-02", { now }), false);
  assert.deepEqual(p.keysInRange({ start: "2024-01-01|us", end: "2024-01-02|eu" }, { now }), ["2024-01-01|us", "2024-01-02|eu"]);
  assert.deepEqual(p.problems, []);
});

test("split and join convert between a key and its parts", () => {
  const p = multiPartitions({ region: staticPartitions(["eu", "us"]), date: dailyPartitions({ start: "2024-01-01" }) });
  assert.deepEqual(p.split("eu|2024-01-01"), { region: "eu", date: "2024-01-01" });
  assert.equal(p.join({ date: "2024-01-01", region: "eu" }), "eu|2024-01-01");
  assert.throws(() => p.split("eu"), PartitionKeyError);
  assert.throws(() => p.join({ region: "eu" }), /no key given for dimension "date"/);
});

test("a dynamic dimension takes its keys from the context", () => {
  const p = multiPartitions({ customer: dynamicPartitions("customers"), kind: staticPartitions(["a", "b"]) });
  assert.deepEqual(p.keys({ dynamicKeys: () => ["acme"] }), ["acme|a", "acme|b"]);
  assert.deepEqual(p.keys(), []);
});

test("a multi with other than two dimensions is a problem", () => {
  assert.deepEqual(multiPartitions({ region: staticPartitions(["eu"]) }).problems, [
    "multiPartitions needs exactly 2 dimensions, got 1 (region)",
  ]);
  const three = multiPartitions({ a: staticPartitions(["1"]), b: staticPartitions(["2"]), c: staticPartitions(["3"]) });
  assert.deepEqual(three.problems, ["multiPartitions needs exactly 2 dimensions, got 3 (a, b, c)"]);
});
