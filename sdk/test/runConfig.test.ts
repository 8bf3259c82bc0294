import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import {
  describeDefinitions,
  defineDefinitions,
  defineJob,
  defineOp,
  defineResource,
  executeInProcess,
  validateEmptyRunConfig,
  validateRunConfig,
} from "../src/index.ts";

const fetchOp = defineOp({
  name: "fetch",
  config: z.object({ url: z.string().url(), timeoutMs: z.number().int().positive().default(5000) }),
  run: (_ins, ctx) => ({ url: ctx.config.url, timeoutMs: ctx.config.timeoutMs }),
});
const tuned = defineOp({
  name: "tuned",
  config: z.object({ factor: z.number().default(2) }),
  run: (_i, ctx) => ctx.config.factor,
});
const plain = defineOp({ name: "plain", run: (_i, ctx) => ctx.config ?? "no config" });
const etl = defineJob({ name: "etl", ops: [fetchOp, tuned, plain] });
const defs = defineDefinitions({
  jobs: [etl],
  resources: { warehouse: defineResource({ config: z.object({ dsn: z.string() }), create: (cfg) => cfg.dsn }) },
});

test("violations carry dotted paths", () => {
  const r = validateRunConfig(
    defs,
    { job: "etl" },
    { ops: { fetch: { url: "not a url", timeoutMs: -1 } }, resources: { warehouse: {} } },
  );
  assert.equal(r.ok, false);
  if (r.ok) return;
  const paths = r.violations.map((v) => v.path).sort();
  assert.deepEqual(paths, ["ops.fetch.timeoutMs", "ops.fetch.url", "resources.warehouse.dsn"]);
  assert.ok(r.violations.every((v) => v.message.length > 0));
});

test("missing required config and unknown keys are violations", () => {
  const missing = validateRunConfig(defs, { job: "etl" }, { resources: { warehouse: { dsn: "x" } } });
  assert.equal(missing.ok, false);
  if (!missing.ok)
    assert.deepEqual(
      missing.violations.map((v) => v.path),
      ["ops.fetch"],
    );
  const unknown = validateRunConfig(
    defs,
    { job: "etl" },
    { ops: { fetch: { url: "https://a.b" }, fecth: {} }, resources: { warehouse: { dsn: "x" } } },
  );
  assert.equal(unknown.ok, false);
  if (!unknown.ok)
    assert.deepEqual(
      unknown.violations.map((v) => v.path),
      ["ops.fecth"],
    );
});

test("defaults apply and reach ctx.config", async () => {
  const config = { ops: { fetch: { url: "https://example.test" } }, resources: { warehouse: { dsn: "pg://" } } };
  const v = validateRunConfig(defs, { job: "etl" }, config);
  assert.ok(v.ok);
  if (v.ok) assert.deepEqual(v.value.ops, { fetch: { url: "https://example.test", timeoutMs: 5000 }, tuned: { factor: 2 } });
  const r = await executeInProcess(defs, { job: "etl" }, { config });
  assert.equal(r.status, "SUCCESS");
  assert.deepEqual(r.outputs, { fetch: { url: "https://example.test", timeoutMs: 5000 }, tuned: 2, plain: "no config" });
});

test("a run with invalid config fails before any step, listing the violations", async () => {
  const r = await executeInProcess(
    defs,
    { job: "etl" },
    { config: { ops: { fetch: { url: "nope" } }, resources: { warehouse: { dsn: "x" } } } },
  );
  assert.equal(r.status, "FAILURE");
  assert.ok(!r.events.some((e) => e.type === "STEP_START"));
  const end = r.events.at(-1)!;
  assert.equal(end.data!.reason, "INVALID_CONFIG");
  assert.match(end.message, /ops\.fetch\.url/);
});

test("a job that takes no config is validated without its definitions, with the same outcome", () => {
  const bare = defineDefinitions({ jobs: [defineJob({ name: "bare", ops: [plain] })] });
  assert.deepEqual(
    describeDefinitions(bare).jobs.map((j) => [j.name, j.takesConfig]),
    [["bare", false]],
  );
  assert.deepEqual(
    describeDefinitions(defs).jobs.map((j) => [j.name, j.takesConfig]),
    [["etl", true]],
  );
  // A resource's config schema makes every job take config (its resources section).
  const withResource = defineDefinitions({ jobs: [defineJob({ name: "bare", ops: [plain] })], resources: defs.resources });
  assert.equal(describeDefinitions(withResource).jobs[0]!.takesConfig, true);
  for (const config of [
    undefined,
    null,
    {},
    { ops: {} },
    { ops: {}, resources: {} },
    { ops: { plain: {} } },
    { extra: 1 },
    "text",
    [],
    { ops: 3 },
  ]) {
    assert.deepEqual(
      validateEmptyRunConfig(config),
      validateRunConfig(bare, { job: "bare" }, config),
      `config ${JSON.stringify(config)}`,
    );
  }
  assert.equal(validateEmptyRunConfig({ ops: { plain: {} } }).ok, false);
});
