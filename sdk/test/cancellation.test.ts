import assert from "node:assert/strict";
import { test } from "node:test";
import { createMemoryIOManager, defineDefinitions, defineJob, defineOp, executeInProcess } from "../src/index.ts";
import { fakeClock } from "./fakeClock.ts";
import { stepTypes, types } from "./eventQueries.ts";

test("cancel between steps: no new step starts and the run ends CANCELED", async () => {
  const controller = new AbortController();
  const first = defineOp({
    name: "first",
    run: () => {
      controller.abort();
      return 1;
    },
  });
  const second = defineOp({ name: "second", ins: { first }, run: () => 2 });
  const third = defineOp({ name: "third", ins: { second }, run: () => 3 });
  const defs = defineDefinitions({
    jobs: [defineJob({ name: "chain", ops: [first, second, third], ioManager: createMemoryIOManager() })],
  });
  const r = await executeInProcess(defs, { job: "chain" }, { signal: controller.signal });
  assert.equal(r.status, "CANCELED");
  assert.equal(r.success, false);
  assert.deepEqual(stepTypes(r.events, "first"), ["STEP_START", "STEP_OUTPUT", "STEP_SUCCESS"]);
  assert.deepEqual(stepTypes(r.events, "second"), []);
  assert.deepEqual(stepTypes(r.events, "third"), []);
  // The signal fired inside "first": CANCELING comes while it runs, CANCELED closes the run.
  assert.ok(types(r.events).indexOf("RUN_CANCELING") > types(r.events).indexOf("STEP_START"));
  assert.equal(types(r.events).at(-1), "RUN_CANCELED");
});

test("cancel inside a step: ctx.signal fires and the step's rejection ends the run CANCELED", async () => {
  const controller = new AbortController();
  let sawAbort = false;
  const slow = defineOp({
    name: "slow",
    run: (_ins, ctx) =>
      new Promise((_resolve, reject) => {
        ctx.signal.addEventListener("abort", () => {
          sawAbort = true;
          reject(new Error("stopped by terminate"));
        });
      }),
  });
  const after = defineOp({ name: "after", ins: { slow }, run: () => 1 });
  const defs = defineDefinitions({ jobs: [defineJob({ name: "slowjob", ops: [slow, after] })] });
  const r = await executeInProcess(
    defs,
    { job: "slowjob" },
    {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "STEP_START" && e.stepKey === "slow") queueMicrotask(() => controller.abort());
      },
    },
  );
  assert.equal(r.status, "CANCELED");
  assert.ok(sawAbort);
  const failure = r.events.find((e) => e.type === "STEP_FAILURE")!;
  assert.equal(failure.stepKey, "slow");
  assert.equal(failure.data!.canceled, true);
  assert.deepEqual(stepTypes(r.events, "after"), []);
  assert.equal(r.events.at(-1)!.type, "RUN_CANCELED");
});

test("a step that ignores the signal is abandoned after the grace period", async () => {
  const controller = new AbortController();
  const stubborn = defineOp({ name: "stubborn", run: () => new Promise(() => {}) });
  const defs = defineDefinitions({ jobs: [defineJob({ name: "stubbornjob", ops: [stubborn] })] });
  const clock = fakeClock();
  const r = await executeInProcess(
    defs,
    { job: "stubbornjob" },
    {
      signal: controller.signal,
      clock,
      onEvent: (e) => {
        if (e.type === "STEP_START") queueMicrotask(() => controller.abort());
      },
    },
  );
  assert.equal(r.status, "CANCELED");
  assert.deepEqual(clock.sleeps, [5000]);
  const abandoned = r.events.find((e) => e.type === "ENGINE_EVENT")!;
  assert.deepEqual(abandoned.data!.abandonedSteps, ["stubborn"]);
  assert.equal(r.events.at(-1)!.type, "RUN_CANCELED");
});

test("a run whose signal is already aborted starts no step", async () => {
  const op = defineOp({ name: "never", run: () => 1 });
  const defs = defineDefinitions({ jobs: [defineJob({ name: "neverjob", ops: [op] })] });
  const r = await executeInProcess(defs, { job: "neverjob" }, { signal: AbortSignal.abort() });
  assert.equal(r.status, "CANCELED");
  assert.deepEqual(types(r.events), ["RUN_START", "RUN_CANCELING", "RUN_CANCELED"]);
});

test("cancel during a retry wait stops retrying", async () => {
  const controller = new AbortController();
  let calls = 0;
  const flaky = defineOp({
    name: "flaky",
    retry: { maxRetries: 5, delayMs: 1000 },
    run: () => {
      calls++;
      throw new Error("nope");
    },
  });
  const defs = defineDefinitions({ jobs: [defineJob({ name: "flakyjob", ops: [flaky] })] });
  const clock = fakeClock();
  clock.sleep = async (ms) => {
    clock.sleeps.push(ms);
    controller.abort();
  };
  const r = await executeInProcess(defs, { job: "flakyjob" }, { signal: controller.signal, clock });
  assert.equal(r.status, "CANCELED");
  assert.equal(calls, 1);
  assert.deepEqual(stepTypes(r.events, "flaky"), ["STEP_START", "STEP_UP_FOR_RETRY", "STEP_FAILURE"]);
});
