import assert from "node:assert/strict";
import { test } from "node:test";
import { defineDefinitions, defineJob, defineOp, executeInProcess } from "../src/index.ts";
import { find, stepTypes } from "./eventQueries.ts";

class WarehouseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WarehouseError";
  }
}

const source = defineOp({ name: "source", run: () => 1 });
const broken = defineOp({
  name: "broken",
  ins: { source },
  run: () => {
    throw new WarehouseError("table missing", { cause: new Error("connection reset") });
  },
});
const afterBroken = defineOp({ name: "after_broken", ins: { broken }, run: () => 2 });
const farDownstream = defineOp({ name: "far_downstream", ins: { afterBroken }, run: () => 3 });
const independent = defineOp({ name: "independent", run: async () => "ok" });
const independentChild = defineOp({
  name: "independent_child",
  ins: { independent },
  run: ({ independent }) => `${independent}!`,
});
const job = defineJob({ name: "branches", ops: [source, broken, afterBroken, farDownstream, independent, independentChild] });
const defs = defineDefinitions({ jobs: [job] });

test("a failure skips its downstream steps while an independent branch finishes", async () => {
  const result = await executeInProcess(defs, { job: "branches" });
  assert.equal(result.success, false);
  assert.equal(result.status, "FAILURE");
  assert.equal(result.outputs.independent_child, "ok!");

  const failure = find(result.events, "STEP_FAILURE", "broken");
  assert.equal(failure.level, "ERROR");
  const error = failure.data!.error as { name: string; message: string; stack: string; cause: { message: string } };
  assert.equal(error.name, "WarehouseError");
  assert.equal(error.message, "table missing");
  assert.match(error.stack, /WarehouseError: table missing/);
  assert.equal(error.cause.message, "connection reset");
  assert.match(failure.message, /broken/);

  for (const key of ["after_broken", "far_downstream"]) {
    assert.deepEqual(stepTypes(result.events, key), ["STEP_SKIPPED"]);
    assert.match(find(result.events, "STEP_SKIPPED", key).message, /upstream step "broken" failed/);
  }
  assert.deepEqual(stepTypes(result.events, "independent_child"), ["STEP_START", "STEP_OUTPUT", "STEP_SUCCESS"]);

  const end = result.events.at(-1)!;
  assert.equal(end.type, "RUN_FAILURE");
  assert.deepEqual(end.data!.failedSteps, ["broken"]);
  assert.equal(end.data!.reason, "STEP_FAILURE");
  assert.equal(result.events.filter((e) => e.type.startsWith("RUN_") && e.type !== "RUN_START").length, 1);
});

test("an unknown job or asset ends the run as a failure instead of throwing", async () => {
  const r1 = await executeInProcess(defs, { job: "nope" });
  assert.equal(r1.status, "FAILURE");
  assert.match(r1.events.at(-1)!.message, /job "nope" is not defined/);
  const r2 = await executeInProcess(defs, { assets: ["ghost"] });
  assert.equal(r2.status, "FAILURE");
  assert.match(r2.events.at(-1)!.message, /asset "ghost" is not defined/);
});

test("a non-Error throw is still reported", async () => {
  const weird = defineOp({
    name: "weird",
    run: () => {
      throw "plain string";
    },
  });
  const r = await executeInProcess(defineDefinitions({ jobs: [defineJob({ name: "w", ops: [weird] })] }), { job: "w" });
  assert.equal(r.status, "FAILURE");
  assert.deepEqual((find(r.events, "STEP_FAILURE", "weird").data!.error as { message: string }).message, "plain string");
});
