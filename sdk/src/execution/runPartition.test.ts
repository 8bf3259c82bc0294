import assert from "node:assert/strict";
import { test } from "node:test";
import { PARTITION_RANGE_END_TAG, PARTITION_RANGE_START_TAG, PARTITION_TAG, partitionRequest } from "./runPartition.ts";

test("a run's partition comes from its options first, else from its reserved tags", () => {
  assert.deepEqual(partitionRequest("r1", {}), { kind: "none" });
  assert.deepEqual(partitionRequest("r1", { tags: { [PARTITION_TAG]: "2024-01-01" } }), { kind: "key", key: "2024-01-01" });
  assert.deepEqual(partitionRequest("r1", { partitionKey: "us", tags: { [PARTITION_TAG]: "eu" } }), { kind: "key", key: "us" });
  assert.deepEqual(
    partitionRequest("r1", { tags: { [PARTITION_RANGE_START_TAG]: "a", [PARTITION_RANGE_END_TAG]: "c", team: "x" } }),
    { kind: "range", range: { start: "a", end: "c" } },
  );
  assert.deepEqual(
    partitionRequest("r1", {
      partitionKeyRange: { start: "b", end: "d" },
      tags: { [PARTITION_RANGE_START_TAG]: "a", [PARTITION_RANGE_END_TAG]: "c" },
    }),
    { kind: "range", range: { start: "b", end: "d" } },
  );
});

test("half a range or a key with a range is refused, naming the run", () => {
  assert.throws(
    () => partitionRequest("r2", { tags: { [PARTITION_RANGE_END_TAG]: "c" } }),
    /run r2 has a partition range tag "weir\/partition_range_end" but no "weir\/partition_range_start"/,
  );
  assert.throws(
    () => partitionRequest("r3", { partitionKey: "a", partitionKeyRange: { start: "a", end: "b" } }),
    /run r3 asks for both partition "a" and partition range "a".."b": give one or the other/,
  );
});
