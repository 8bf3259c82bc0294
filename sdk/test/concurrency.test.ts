import assert from "node:assert/strict";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { test } from "node:test";
import { createMemoryIOManager, defineDefinitions, defineJob, defineOp, executeInProcess, type OpDef } from "../src/index.ts";

function wideJob(name: string, width: number, maxConcurrency?: number) {
  const probe = { current: 0, max: 0 };
  const ops: OpDef<number>[] = [];
  for (let i = 0; i < width; i++) {
    ops.push(
      defineOp({
        name: `${name}_${i}`,
        run: async () => {
          probe.current++;
          probe.max = Math.max(probe.max, probe.current);
          // Give the executor turns of the event loop in which it could start more steps.
          for (let k = 0; k < 5; k++) await yieldToLoop();
          probe.current--;
          return i;
        },
      }),
    );
  }
  return { job: defineJob({ name, ops, maxConcurrency, ioManager: createMemoryIOManager() }), probe };
}

test("the run's maxConcurrency bounds the steps running at once", async () => {
  const { job, probe } = wideJob("wide", 20);
  const result = await executeInProcess(defineDefinitions({ jobs: [job] }), { job: "wide" }, { maxConcurrency: 3 });
  assert.equal(result.status, "SUCCESS");
  assert.equal(probe.max, 3);
  assert.equal(Object.keys(result.outputs).length, 20);
});

test("the job's maxConcurrency applies when the run sets none; default is 8", async () => {
  const limited = wideJob("limited", 12, 2);
  const open = wideJob("open", 20);
  const defs = defineDefinitions({ jobs: [limited.job, open.job] });
  assert.equal((await executeInProcess(defs, { job: "limited" })).status, "SUCCESS");
  assert.equal(limited.probe.max, 2);
  assert.equal((await executeInProcess(defs, { job: "open" })).status, "SUCCESS");
  assert.equal(open.probe.max, 8);
});
