import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import {
  DefinitionError,
  defineAsset,
  defineDefinitions,
  defineJob,
  defineOp,
  defineResource,
  defineSchedule,
  defineSensor,
  isDefinitions,
  type AssetDef,
  type OpDef,
} from "../src/index.ts";

function throwsDefinitionError(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DefinitionError, `expected a DefinitionError, got ${error}`);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  });
}

const a = defineAsset({ key: "a", compute: () => 1 });
const op = defineOp({ name: "op1", run: () => 1 });
const job = defineJob({ name: "job1", ops: [op] });

test("a valid location is recognised by isDefinitions", () => {
  const defs = defineDefinitions({ assets: [a], jobs: [job] });
  assert.ok(isDefinitions(defs));
  assert.ok(!isDefinitions({ assets: [] }));
  assert.ok(!isDefinitions(null));
});

test("duplicate asset keys", () => {
  throwsDefinitionError(
    () => defineDefinitions({ assets: [a, defineAsset({ key: "a", compute: () => 2 })] }),
    /duplicate asset key "a"/,
  );
});

test("listing the same definition twice is not a duplicate", () => {
  assert.ok(isDefinitions(defineDefinitions({ assets: [a, a], jobs: [job, job] })));
});

test("duplicate op names across jobs", () => {
  const other = defineOp({ name: "op1", run: () => 2 });
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [job, defineJob({ name: "job2", ops: [other] })] }),
    /duplicate op name "op1"/,
    /job2/,
  );
});

test("duplicate job, schedule and sensor names", () => {
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [job, defineJob({ name: "job1", ops: [op] })] }),
    /duplicate job name "job1"/,
  );
  const s = () => defineSchedule({ name: "nightly", cron: "0 2 * * *", job });
  throwsDefinitionError(() => defineDefinitions({ jobs: [job], schedules: [s(), s()] }), /duplicate schedule name "nightly"/);
  const sensor = () => defineSensor({ name: "watch", job, evaluate: () => ({}) });
  throwsDefinitionError(() => defineDefinitions({ jobs: [job], sensors: [sensor(), sensor()] }), /duplicate sensor name "watch"/);
});

test("an asset input that is not in the definitions", () => {
  const down = defineAsset({ key: "down", ins: { up: a }, compute: ({ up }) => up });
  throwsDefinitionError(
    () => defineDefinitions({ assets: [down] }),
    /asset "down" depends on asset "a" \(input "up"\), which is not in the definitions' assets/,
  );
});

test("an op input that is not in its job", () => {
  const second = defineOp({ name: "second", ins: { first: op }, run: ({ first }) => first });
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [defineJob({ name: "partial", ops: [second] })] }),
    /job "partial": op "second" depends on op "op1"/,
  );
});

test("a job listing an asset missing from the definitions' assets", () => {
  throwsDefinitionError(() => defineDefinitions({ jobs: [defineJob({ name: "aj", assets: [a] })] }), /job "aj" lists asset "a"/);
});

test("an asset cycle is printed", () => {
  const x = defineAsset({ key: "x", compute: () => 1 });
  const y = defineAsset({ key: "y", ins: { x }, compute: () => 1 });
  // Cycles cannot be written with consts; mutating ins is how a loader-built graph could get one.
  (x.ins as Record<string, AssetDef<unknown>>).y = y;
  throwsDefinitionError(() => defineDefinitions({ assets: [x, y] }), /asset dependency cycle: (x -> y -> x|y -> x -> y)/);
});

test("an op cycle is printed with the job", () => {
  const p = defineOp({ name: "p", run: () => 1 });
  const q = defineOp({ name: "q", ins: { p }, run: () => 1 });
  const r = defineOp({ name: "r", ins: { q }, run: () => 1 });
  (p.ins as Record<string, OpDef<unknown>>).r = r;
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [defineJob({ name: "loop", ops: [p, q, r] })] }),
    /job "loop": op dependency cycle: (p -> q -> r -> p|q -> r -> p -> q|r -> p -> q -> r)/,
  );
});

test("a config default that fails its own schema", () => {
  const bad = defineOp({ name: "bad_default", config: z.object({ retries: z.number().min(5).default(1) }), run: () => 1 });
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [defineJob({ name: "j", ops: [bad] })] }),
    /op "bad_default": config default 1 at retries fails validation/,
  );
  const badTop = defineOp({ name: "bad_top", config: z.object({ url: z.string() }).default({ url: 3 } as never), run: () => 1 });
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [defineJob({ name: "j2", ops: [badTop] })] }),
    /op "bad_top": config default \{"url":3\}/,
  );
  const badResource = defineResource({ config: z.string().email().default("nobody"), create: () => 1 });
  throwsDefinitionError(
    () => defineDefinitions({ resources: { mail: badResource } }),
    /resource "mail": config default "nobody"/,
  );
});

test("a schedule or sensor whose job is not in the definitions", () => {
  const stray = defineJob({ name: "stray", ops: [defineOp({ name: "stray_op", run: () => 1 })] });
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [job], schedules: [defineSchedule({ name: "s", cron: "* * * * *", job: stray })] }),
    /schedule "s" targets job "stray"/,
  );
  throwsDefinitionError(
    () => defineDefinitions({ jobs: [job], sensors: [defineSensor({ name: "w", job: stray, evaluate: () => ({}) })] }),
    /sensor "w" targets job "stray"/,
  );
});

test("invalid cron expressions and time zones", () => {
  for (const cron of ["* * *", "61 * * * *", "0 2 * * * * *", "0 25 * * *", "*/0 * * * *", "5-1 * * * *"]) {
    throwsDefinitionError(() => defineSchedule({ name: "s", cron, job }), /schedule "s": invalid cron/);
  }
  for (const cron of ["0 2 * * *", "*/15 9-17 * * MON-FRI", "0 0 1 JAN,JUL *", "30 0 2 * * *", "@daily", "0 0 * * 7"]) {
    assert.equal(defineSchedule({ name: "ok", cron, job }).cron, cron);
  }
  throwsDefinitionError(
    () => defineSchedule({ name: "tz", cron: "0 2 * * *", timezone: "Mars/Olympus", job }),
    /unknown timezone "Mars\/Olympus"/,
  );
});

test("invalid keys and the reserved asset job name", () => {
  throwsDefinitionError(() => defineAsset({ key: "../etc", compute: () => 1 }), /invalid asset key/);
  throwsDefinitionError(() => defineOp({ name: "has space", run: () => 1 }), /invalid op name/);
  throwsDefinitionError(() => defineDefinitions({ jobs: [defineJob({ name: "__ASSET_JOB", ops: [op] })] }), /reserved/);
});

test("several problems are reported together", () => {
  throwsDefinitionError(
    () =>
      defineDefinitions({
        assets: [a, defineAsset({ key: "a", compute: () => 2 })],
        jobs: [job, defineJob({ name: "job1", ops: [op] })],
      }),
    /duplicate asset key "a"/,
    /duplicate job name "job1"/,
  );
});

test("retry policies that cannot work", () => {
  throwsDefinitionError(
    () => defineOp({ name: "r1", retry: { maxRetries: -1, delayMs: 10 }, run: () => 1 }),
    /op "r1": retry.maxRetries/,
  );
  throwsDefinitionError(
    () => defineAsset({ key: "r2", retry: { maxRetries: 1, delayMs: NaN }, compute: () => 1 }),
    /asset "r2": retry.delayMs/,
  );
  throwsDefinitionError(
    () => defineOp({ name: "r3", retry: { maxRetries: 1, delayMs: 1, backoff: "fibonacci" as never }, run: () => 1 }),
    /unknown retry.backoff "fibonacci"/,
  );
});

test("cycle message reads in dependency order", () => {
  const x = defineAsset({ key: "first", compute: () => 1 });
  const y = defineAsset({ key: "second", ins: { x }, compute: () => 1 });
  (x.ins as Record<string, AssetDef<unknown>>).y = y;
  throwsDefinitionError(() => defineDefinitions({ assets: [x, y] }), /cycle: first -> second -> first$/);
});
