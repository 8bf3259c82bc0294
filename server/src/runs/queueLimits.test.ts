import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planDequeue, runQueueLimitsSchema } from "./queueLimits.ts";

const run = (id: string, tags: Record<string, string> = {}) => ({ id, tags });

describe("planDequeue", () => {
  it("admits runs in order up to maxConcurrentRuns, counting runs in progress", () => {
    const plan = planDequeue({ maxConcurrentRuns: 3, tagConcurrencyLimits: [] }, [{}], [run("a"), run("b"), run("c")]);
    assert.deepEqual(plan.start, ["a", "b"]);
    assert.equal(plan.waiting.get("c")?.kind, "MAX_CONCURRENT_RUNS");
    assert.match(plan.waiting.get("c")!.message, /maxConcurrentRuns is 3/);
  });

  it("a run blocked by a tag limit does not block the runs behind it", () => {
    const limits = { maxConcurrentRuns: 10, tagConcurrencyLimits: [{ key: "db", value: "warehouse", limit: 1 }] };
    const plan = planDequeue(limits, [{ db: "warehouse" }], [run("a", { db: "warehouse" }), run("b", { db: "lake" }), run("c")]);
    assert.deepEqual(plan.start, ["b", "c"]);
    assert.equal(plan.waiting.get("a")?.kind, "TAG_CONCURRENCY_LIMIT");
    assert.match(plan.waiting.get("a")!.message, /db=warehouse: 1 of 1/);
  });

  it("a key-only limit counts every value together; perUniqueValue counts each value apart", () => {
    const together = planDequeue(
      { maxConcurrentRuns: 10, tagConcurrencyLimits: [{ key: "team", limit: 2 }] },
      [],
      [run("a", { team: "x" }), run("b", { team: "y" }), run("c", { team: "z" })],
    );
    assert.deepEqual(together.start, ["a", "b"]);
    const apart = planDequeue(
      { maxConcurrentRuns: 10, tagConcurrencyLimits: [{ key: "team", limit: 1, perUniqueValue: true }] },
      [],
      [run("a", { team: "x" }), run("b", { team: "x" }), run("c", { team: "y" })],
    );
    assert.deepEqual(apart.start, ["a", "c"]);
    assert.match(apart.waiting.get("b")!.message, /team=x \(per value\)/);
  });

  it("validates limits", () => {
    assert.throws(() => runQueueLimitsSchema.parse({ maxConcurrentRuns: -1 }));
    assert.throws(() =>
      runQueueLimitsSchema.parse({
        maxConcurrentRuns: 1,
        tagConcurrencyLimits: [{ key: "a", value: "b", perUniqueValue: true, limit: 1 }],
      }),
    );
    assert.deepEqual(runQueueLimitsSchema.parse({ maxConcurrentRuns: 2 }), { maxConcurrentRuns: 2, tagConcurrencyLimits: [] });
  });
});
