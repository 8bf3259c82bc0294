import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { defineDefinitions, defineJob, defineOp, executeInProcess, planSteps } from "../src/index.ts";
import { stepTypes } from "./eventQueries.ts";
import { tempInstance } from "./tempInstance.ts";

function pipeline() {
  const runs = { extract: 0, transform: 0, load: 0 };
  let transformShouldFail = true;
  const extract = defineOp({
    name: "extract",
    run: () => {
      runs.extract++;
      return { rows: [1, 2, 3], at: new Date(0) };
    },
  });
  const transform = defineOp({
    name: "transform",
    ins: { extract },
    run: ({ extract }) => {
      runs.transform++;
      if (transformShouldFail) throw new Error("bad transform");
      return extract.rows.map((r) => r * 2);
    },
  });
  const load = defineOp({
    name: "load",
    ins: { transform },
    run: ({ transform }) => {
      runs.load++;
      return transform.length;
    },
  });
  const defs = defineDefinitions({ jobs: [defineJob({ name: "etl", ops: [extract, transform, load] })] });
  return {
    defs,
    runs,
    fix: () => {
      transformShouldFail = false;
    },
  };
}

test("planSteps with a step selection keeps only the selected steps", () => {
  const { defs } = pipeline();
  assert.deepEqual(planSteps(defs, { job: "etl" }, ["transform", "load"]), [
    { key: "transform", kind: "op", deps: [] },
    { key: "load", kind: "op", deps: ["transform"] },
  ]);
});

test("re-execution from failure loads the parent run's stored outputs", async () => {
  const { defs, runs, fix } = pipeline();
  const instanceDir = tempInstance();
  const parent = await executeInProcess(defs, { job: "etl" }, { instanceDir, runId: "parent" });
  assert.equal(parent.status, "FAILURE");
  assert.ok(
    existsSync(join(instanceDir, "storage", "runs", "parent", "outputs.log")),
    "small op outputs are persisted in the run's output log",
  );

  fix();
  const child = await executeInProcess(
    defs,
    { job: "etl" },
    { instanceDir, runId: "child", parentRunId: "parent", stepSelection: ["transform", "load"] },
  );
  assert.equal(child.status, "SUCCESS");
  assert.deepEqual(runs, { extract: 1, transform: 2, load: 1 });
  assert.deepEqual(child.outputs, { transform: [2, 4, 6], load: 3 });
  assert.deepEqual(stepTypes(child.events, "extract"), []);

  // A re-execution of the re-execution still finds extract's output (carried into "child").
  const grandchild = await executeInProcess(
    defs,
    { job: "etl" },
    { instanceDir, runId: "grandchild", parentRunId: "child", stepSelection: ["transform"] },
  );
  assert.equal(grandchild.status, "SUCCESS");
  assert.deepEqual(grandchild.outputs, { transform: [2, 4, 6] });
});

test("re-execution without a stored parent output fails the step with the run and path", async () => {
  const { defs, fix } = pipeline();
  fix();
  const r = await executeInProcess(
    defs,
    { job: "etl" },
    { instanceDir: tempInstance(), parentRunId: "ghost", stepSelection: ["load"] },
  );
  assert.equal(r.status, "FAILURE");
  const failure = r.events.find((e) => e.type === "STEP_FAILURE")!;
  assert.match(failure.message, /op "transform" from run ghost, which was never stored/);
});

test("a step selection naming an unknown step fails the run", async () => {
  const { defs } = pipeline();
  const r = await executeInProcess(defs, { job: "etl" }, { stepSelection: ["nope"] });
  assert.equal(r.status, "FAILURE");
  assert.match(r.events.at(-1)!.message, /"nope", which is not a step of etl/);
});
