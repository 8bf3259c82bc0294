import assert from "node:assert/strict";
import { test } from "node:test";
import { defineDefinitions, defineJob, defineOp, defineSchedule, defineSensor } from "./index.ts";
import { evaluateSchedule, evaluateSensor } from "./tickEvaluation.ts";

const job = defineJob({ name: "etl", ops: [defineOp({ name: "x", run: () => 1 })], tags: { team: "data" } });
const defs = defineDefinitions({
  jobs: [job],
  schedules: [
    defineSchedule({
      name: "nightly",
      cron: "0 2 * * *",
      job,
      tags: { kind: "schedule" },
      config: (t) => ({ ops: { x: { day: t.scheduledTime.toISOString().slice(0, 10) } } }),
    }),
    defineSchedule({ name: "weekdays", cron: "0 2 * * *", job, shouldRun: (t) => t.scheduledTime.getUTCDay() !== 0 }),
  ],
  sensors: [
    defineSensor({
      name: "files",
      job,
      evaluate: ({ cursor }) =>
        cursor === "f2" ? { skipReason: "nothing new" } : { runRequests: [{ runKey: "f2", tags: { file: "f2" } }], cursor: "f2" },
    }),
  ],
});

test("a schedule tick yields one keyed run request with config and merged tags", async () => {
  const scheduledTime = new Date("2024-03-02T02:00:00Z");
  const r = await evaluateSchedule(defs, "nightly", { scheduledTime });
  assert.deepEqual(r.runRequests, [
    {
      runKey: "nightly:2024-03-02T02:00:00.000Z",
      config: { ops: { x: { day: "2024-03-02" } } },
      tags: { team: "data", kind: "schedule" },
    },
  ]);
  const sunday = await evaluateSchedule(defs, "weekdays", { scheduledTime: new Date("2024-03-03T02:00:00Z") });
  assert.deepEqual(sunday.runRequests, []);
  assert.match(sunday.skipReason!, /shouldRun returned false/);
});

test("a sensor evaluation returns requests and the new cursor", async () => {
  const first = await evaluateSensor(defs, "files", { cursor: null });
  assert.deepEqual(first.runRequests, [{ runKey: "f2", config: undefined, tags: { team: "data", file: "f2" } }]);
  assert.equal(first.cursor, "f2");
  const second = await evaluateSensor(defs, "files", { cursor: "f2" });
  assert.deepEqual(second, { sensorName: "files", jobName: "etl", runRequests: [], cursor: "f2", skipReason: "nothing new" });
  await assert.rejects(evaluateSensor(defs, "nope", { cursor: null }), /sensor "nope" is not defined/);
});
