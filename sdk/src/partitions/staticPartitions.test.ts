import assert from "node:assert/strict";
import { test } from "node:test";
import { PartitionKeyError } from "./partitionsDefinition.ts";
import { staticPartitions } from "./staticPartitions.ts";

test("static partitions keep the keys in the order given", () => {
  const regions = staticPartitions(["us", "eu", "apac"]);
  assert.equal(regions.kind, "static");
  assert.deepEqual(regions.keys(), ["us", "eu", "apac"]);
  assert.equal(regions.has("eu"), true);
  assert.equal(regions.has("mars"), false);
  assert.deepEqual(regions.keysInRange({ start: "eu", end: "apac" }), ["eu", "apac"]);
  assert.throws(() => regions.keysInRange({ start: "us", end: "mars" }), PartitionKeyError);
  assert.deepEqual(regions.problems, []);
  assert.equal(regions.signature, staticPartitions(["us", "eu", "apac"]).signature);
  assert.notEqual(regions.signature, staticPartitions(["eu", "us", "apac"]).signature);
});

test("duplicate, empty and malformed keys are problems that defineDefinitions reports", () => {
  assert.deepEqual(staticPartitions(["a", "b", "a"]).problems, ['staticPartitions: duplicate key "a"']);
  assert.deepEqual(staticPartitions([]).problems, ["staticPartitions has no keys"]);
  assert.deepEqual(staticPartitions(["a|b", ""]).problems, [
    'staticPartitions: partition key "a|b" contains "|" (it joins multi-partition keys)',
    'staticPartitions: partition key "" must be a non-empty string',
  ]);
});
