import assert from "node:assert/strict";
import { test } from "node:test";
import { defineAsset, defineDefinitions, defineJob, defineOp, executeRun, planSteps, type WeirEvent } from "../src/index.ts";
import { fakeClock } from "./fakeClock.ts";
import { indexOf, stepTypes } from "./eventQueries.ts";
import { tempInstance } from "./tempInstance.ts";

const a = defineOp({ name: "a", run: () => 1 });
const b = defineOp({ name: "b", ins: { a }, run: ({ a }) => a + 1 });
const c = defineOp({ name: "c", ins: { a }, run: async ({ a }) => a * 10 });
const d = defineOp({ name: "d", ins: { b, c }, run: ({ b, c }) => b + c });
// Listed out of order on purpose: the plan must sort them.
const diamond = defineJob({ name: "diamond", ops: [d, c, b, a] });
const defs = defineDefinitions({ jobs: [diamond] });

test("planSteps orders a diamond topologically", () => {
  const plan = planSteps(defs, { job: "diamond" });
  const pos = new Map(plan.map((s, i) => [s.key, i]));
  assert.ok(pos.get("a")! < pos.get("b")! && pos.get("a")! < pos.get("c")!);
  assert.ok(pos.get("b")! < pos.get("d")! && pos.get("c")! < pos.get("d")!);
  assert.deepEqual(plan.find((s) => s.key === "d")!.deps.sort(), ["b", "c"]);
  assert.deepEqual(plan.find((s) => s.key === "d")!.kind, "op");
});

test("a diamond runs in dependency order with numbered, stamped events", async () => {
  const events: WeirEvent[] = [];
  const clock = fakeClock();
  const result = await executeRun({
    definitions: defs,
    runId: "r1",
    target: { job: "diamond" },
    emit: (e) => events.push(e),
    instanceDir: tempInstance(),
    firstSeq: 5,
    clock,
  });
  assert.equal(result.status, "SUCCESS");
  assert.deepEqual(result.outputs, { a: 1, b: 2, c: 10, d: 12 });
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 5),
  );
  assert.ok(events.every((e) => e.runId === "r1" && e.timestamp === clock.now()));
  assert.equal(events[0]!.type, "RUN_START");
  assert.equal(events.at(-1)!.type, "RUN_SUCCESS");
  for (const key of ["a", "b", "c", "d"]) assert.deepEqual(stepTypes(events, key), ["STEP_START", "STEP_OUTPUT", "STEP_SUCCESS"]);
  assert.ok(indexOf(events, "STEP_SUCCESS", "a") < indexOf(events, "STEP_START", "b"));
  assert.ok(indexOf(events, "STEP_SUCCESS", "a") < indexOf(events, "STEP_START", "c"));
  assert.ok(indexOf(events, "STEP_SUCCESS", "b") < indexOf(events, "STEP_START", "d"));
  assert.ok(indexOf(events, "STEP_SUCCESS", "c") < indexOf(events, "STEP_START", "d"));
});

test("asset steps also emit ASSET_MATERIALIZATION between output and success", async () => {
  const raw = defineAsset({ key: "raw/orders", compute: () => [1, 2, 3] });
  const total = defineAsset({ key: "total", ins: { raw }, compute: ({ raw }) => raw.reduce((s, x) => s + x, 0) });
  const assetDefs = defineDefinitions({ assets: [total, raw] });
  const events: WeirEvent[] = [];
  const result = await executeRun({
    definitions: assetDefs,
    runId: "r2",
    target: { job: "__ASSET_JOB" },
    emit: (e) => events.push(e),
    instanceDir: tempInstance(),
  });
  assert.equal(result.status, "SUCCESS");
  assert.equal(result.outputs.total, 6);
  assert.deepEqual(stepTypes(events, "raw/orders"), ["STEP_START", "STEP_OUTPUT", "ASSET_MATERIALIZATION", "STEP_SUCCESS"]);
  const mat = events.find((e) => e.type === "ASSET_MATERIALIZATION" && e.stepKey === "total")!;
  assert.equal(mat.data!.assetKey, "total");
  assert.equal(mat.data!.partitionKey, null);
  assert.equal(typeof (mat.data!.metadata as Record<string, unknown>).path, "string");
  assert.equal(typeof events.find((e) => e.type === "STEP_SUCCESS")!.data!.durationMs, "number");
});
