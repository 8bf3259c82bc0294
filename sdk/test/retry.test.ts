import assert from "node:assert/strict";
import { test } from "node:test";
import { defineDefinitions, defineJob, defineOp, executeInProcess, retryDelay, type RetryPolicy } from "../src/index.ts";
import { fakeClock } from "./fakeClock.ts";
import { stepTypes } from "./eventQueries.ts";

test("retryDelay: constant, linear and exponential backoff without jitter", () => {
  const r = () => 0.5;
  const delays = (p: RetryPolicy) => [1, 2, 3, 4].map((n) => retryDelay(p, n, r));
  assert.deepEqual(delays({ maxRetries: 4, delayMs: 100 }), [100, 100, 100, 100]);
  assert.deepEqual(delays({ maxRetries: 4, delayMs: 100, backoff: "constant" }), [100, 100, 100, 100]);
  assert.deepEqual(delays({ maxRetries: 4, delayMs: 100, backoff: "linear" }), [100, 200, 300, 400]);
  assert.deepEqual(delays({ maxRetries: 4, delayMs: 100, backoff: "exponential" }), [100, 200, 400, 800]);
});

test("retryDelay: full jitter scales by random(); plusMinus stays within +/-50%", () => {
  const p: RetryPolicy = { maxRetries: 3, delayMs: 100, backoff: "exponential", jitter: "full" };
  assert.equal(
    retryDelay(p, 3, () => 0.25),
    100,
  );
  assert.equal(
    retryDelay(p, 3, () => 0),
    0,
  );
  const pm: RetryPolicy = { maxRetries: 3, delayMs: 100, backoff: "linear", jitter: "plusMinus" };
  assert.equal(
    retryDelay(pm, 2, () => 0),
    100,
  ); // 200 * 0.5
  assert.equal(
    retryDelay(pm, 2, () => 0.5),
    200,
  );
  assert.equal(
    retryDelay(pm, 2, () => 1),
    300,
  ); // 200 * 1.5
});

function flakyJob(name: string, failures: number, retry: RetryPolicy) {
  let calls = 0;
  const attempts: number[] = [];
  const op = defineOp({
    name: `${name}_op`,
    retry,
    run: (_ins, ctx) => {
      attempts.push(ctx.attempt);
      if (++calls <= failures) throw new Error(`flake ${calls}`);
      return "done";
    },
  });
  return { job: defineJob({ name, ops: [op] }), attempts, stepKey: `${name}_op` };
}

for (const [backoff, jitter, random, expected] of [
  ["constant", "none", 0.5, [50, 50, 50]],
  ["linear", "none", 0.5, [50, 100, 150]],
  ["exponential", "none", 0.5, [50, 100, 200]],
  ["exponential", "full", 0.5, [25, 50, 100]],
  ["linear", "plusMinus", 0.75, [63, 125, 188]],
] as const) {
  test(`executor waits ${expected.join(", ")} ms between attempts (${backoff}, jitter ${jitter})`, async () => {
    const { job, attempts, stepKey } = flakyJob(`flaky_${backoff}_${jitter}`, 3, { maxRetries: 3, delayMs: 50, backoff, jitter });
    const clock = fakeClock();
    const r = await executeInProcess(defineDefinitions({ jobs: [job] }), { job: job.name }, { clock, random: () => random });
    assert.equal(r.status, "SUCCESS");
    assert.deepEqual(clock.sleeps, expected);
    assert.deepEqual(attempts, [1, 2, 3, 4]);
    assert.deepEqual(stepTypes(r.events, stepKey), [
      "STEP_START",
      "STEP_UP_FOR_RETRY",
      "STEP_RESTARTED",
      "STEP_UP_FOR_RETRY",
      "STEP_RESTARTED",
      "STEP_UP_FOR_RETRY",
      "STEP_RESTARTED",
      "STEP_OUTPUT",
      "STEP_SUCCESS",
    ]);
    const ups = r.events.filter((e) => e.type === "STEP_UP_FOR_RETRY");
    assert.deepEqual(
      ups.map((e) => e.data!.attempt),
      [1, 2, 3],
    );
    assert.deepEqual(
      ups.map((e) => e.data!.delayMs),
      expected,
    );
    assert.equal((ups[0]!.data!.error as { message: string }).message, "flake 1");
    assert.deepEqual(
      r.events.filter((e) => e.type === "STEP_RESTARTED").map((e) => e.data!.attempt),
      [2, 3, 4],
    );
  });
}

test("a step that keeps failing fails after its last retry", async () => {
  const { job, attempts, stepKey } = flakyJob("hopeless", 99, { maxRetries: 2, delayMs: 10 });
  const clock = fakeClock();
  const r = await executeInProcess(defineDefinitions({ jobs: [job] }), { job: job.name }, { clock });
  assert.equal(r.status, "FAILURE");
  assert.deepEqual(attempts, [1, 2, 3]);
  assert.deepEqual(clock.sleeps, [10, 10]);
  const failure = r.events.find((e) => e.type === "STEP_FAILURE" && e.stepKey === stepKey)!;
  assert.equal(failure.data!.attempt, 3);
  assert.match(failure.message, /after 3 attempts: flake 3/);
});
