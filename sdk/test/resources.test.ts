import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { defineDefinitions, defineJob, defineOp, defineResource, executeInProcess } from "../src/index.ts";

function trackedResource() {
  const log: string[] = [];
  let n = 0;
  const resource = defineResource({
    config: z.object({ dsn: z.string().default("mem://") }),
    create: (cfg) => {
      log.push(`create ${cfg.dsn}`);
      return { id: ++n, dsn: cfg.dsn };
    },
    teardown: (r) => {
      log.push(`teardown ${r.id}`);
    },
  });
  return { resource, log };
}

test("a resource is created once per run, shared by steps, and torn down at the end", async () => {
  const { resource, log } = trackedResource();
  const seen: number[] = [];
  const a = defineOp({
    name: "use_a",
    run: (_i, ctx) => {
      seen.push(ctx.resources.warehouse.id);
    },
  });
  const b = defineOp({
    name: "use_b",
    run: (_i, ctx) => {
      seen.push(ctx.resources.warehouse.id);
    },
  });
  const defs = defineDefinitions({ jobs: [defineJob({ name: "twoops", ops: [a, b] })], resources: { warehouse: resource } });
  const r = await executeInProcess(defs, { job: "twoops" }, { config: { resources: { warehouse: { dsn: "pg://x" } } } });
  assert.equal(r.status, "SUCCESS");
  assert.deepEqual(seen, [1, 1]);
  assert.deepEqual(log, ["create pg://x", "teardown 1"]);
  await executeInProcess(defs, { job: "twoops" });
  assert.deepEqual(log.slice(2), ["create mem://", "teardown 2"]);
});

test("resources are torn down when a step fails; a failing teardown is logged, not thrown", async () => {
  const { resource, log } = trackedResource();
  const fragile = defineResource({
    create: () => "f",
    teardown: () => {
      throw new Error("socket already closed");
    },
  });
  const boom = defineOp({
    name: "boom",
    run: () => {
      throw new Error("boom");
    },
  });
  const defs = defineDefinitions({
    jobs: [defineJob({ name: "boomjob", ops: [boom] })],
    resources: { warehouse: resource, fragile },
  });
  const r = await executeInProcess(defs, { job: "boomjob" });
  assert.equal(r.status, "FAILURE");
  assert.deepEqual(log, ["create mem://", "teardown 1"]);
  const teardownLog = r.events.find((e) => e.type === "LOG" && e.level === "ERROR" && /fragile/.test(e.message))!;
  assert.match(teardownLog.message, /teardown of resource "fragile" failed: socket already closed/);
  assert.equal(r.events.at(-1)!.type, "RUN_FAILURE");
});

test("a resource that fails to initialize fails the run before any step, naming the resource", async () => {
  const { resource, log } = trackedResource();
  const broken = defineResource({
    create: () => {
      throw new Error("no route to host");
    },
  });
  const op = defineOp({ name: "needs_db", run: () => 1 });
  const defs = defineDefinitions({
    jobs: [defineJob({ name: "dbjob", ops: [op] })],
    resources: { warehouse: resource, db: broken },
  });
  const r = await executeInProcess(defs, { job: "dbjob" });
  assert.equal(r.status, "FAILURE");
  assert.ok(!r.events.some((e) => e.type === "STEP_START"));
  assert.match(r.events.at(-1)!.message, /resource "db" failed to initialize.*no route to host/);
  assert.deepEqual(log, ["create mem://", "teardown 1"]);
});
