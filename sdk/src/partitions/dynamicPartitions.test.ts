import assert from "node:assert/strict";
import { test } from "node:test";
import { dynamicPartitions } from "./dynamicPartitions.ts";
import { PartitionKeyError } from "./partitionsDefinition.ts";

test("dynamic partitions read their keys from ctx.dynamicKeys, by name", () => {
  const customers = dynamicPartitions("customers");
  const stored: Record<string, string[]> = { customers: ["acme", "globex", "initech"], other: ["x"] };
  const ctx = { dynamicKeys: (name: string) => stored[name] ?? [] };
  assert.equal(customers.kind, "dynamic");
  assert.equal(customers.name, "customers");
  assert.deepEqual(customers.keys(ctx), ["acme", "globex", "initech"]);
  assert.equal(customers.has("globex", ctx), true);
  assert.equal(customers.has("x", ctx), false);
  assert.deepEqual(customers.keysInRange({ start: "globex", end: "initech" }, ctx), ["globex", "initech"]);
  assert.throws(() => customers.keysInRange({ start: "acme", end: "hooli" }, ctx), PartitionKeyError);
  // Keys added later show up on the next listing.
  stored.customers!.push("hooli");
  assert.deepEqual(customers.keys(ctx), ["acme", "globex", "initech", "hooli"]);
});

test("without stored keys a dynamic set is empty; an invalid name is a problem", () => {
  assert.deepEqual(dynamicPartitions("customers").keys(), []);
  assert.equal(dynamicPartitions("customers").signature, dynamicPartitions("customers").signature);
  assert.match(dynamicPartitions("bad name").problems[0]!, /invalid dynamic partitions name "bad name"/);
});
