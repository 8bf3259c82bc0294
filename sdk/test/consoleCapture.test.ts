import assert from "node:assert/strict";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { test } from "node:test";
import { defineDefinitions, defineJob, defineOp, executeInProcess, type WeirEvent } from "../src/index.ts";

const logs = (events: WeirEvent[]) =>
  events
    .filter((e) => e.type === "LOG")
    .map((e) => ({ step: e.stepKey, level: e.level, source: e.data!.source, message: e.message }));

test("console.* and std stream writes inside a step become LOG events of that step", async () => {
  const noisy = defineOp({
    name: "noisy",
    run: async (_ins, ctx) => {
      console.log("hello", { n: 1 });
      console.info("info line");
      console.debug("debug line");
      await yieldToLoop();
      console.warn("careful");
      console.error(new Error("bad thing").message);
      process.stdout.write("raw out\n");
      process.stderr.write(Buffer.from("raw err\n"));
      ctx.log.warning("from the logger");
      return 1;
    },
  });
  const r = await executeInProcess(defineDefinitions({ jobs: [defineJob({ name: "noisyjob", ops: [noisy] })] }), {
    job: "noisyjob",
  });
  assert.equal(r.status, "SUCCESS");
  assert.deepEqual(logs(r.events), [
    { step: "noisy", level: "INFO", source: "stdout", message: "hello { n: 1 }" },
    { step: "noisy", level: "INFO", source: "stdout", message: "info line" },
    { step: "noisy", level: "DEBUG", source: "stdout", message: "debug line" },
    { step: "noisy", level: "WARNING", source: "stderr", message: "careful" },
    { step: "noisy", level: "ERROR", source: "stderr", message: "bad thing" },
    { step: "noisy", level: "INFO", source: "stdout", message: "raw out" },
    { step: "noisy", level: "WARNING", source: "stderr", message: "raw err" },
    { step: "noisy", level: "WARNING", source: "logger", message: "from the logger" },
  ]);
});

test("concurrent runs in one process keep their captured output apart", async () => {
  const make = (name: string) =>
    defineOp({
      name,
      run: async () => {
        for (let i = 0; i < 5; i++) {
          console.log(`${name} ${i}`);
          await yieldToLoop();
        }
      },
    });
  const d1 = defineDefinitions({ jobs: [defineJob({ name: "one", ops: [make("left")] })] });
  const d2 = defineDefinitions({ jobs: [defineJob({ name: "two", ops: [make("right")] })] });
  const [r1, r2] = await Promise.all([executeInProcess(d1, { job: "one" }), executeInProcess(d2, { job: "two" })]);
  assert.deepEqual(
    logs(r1.events).map((l) => l.message),
    ["left 0", "left 1", "left 2", "left 3", "left 4"],
  );
  assert.deepEqual(
    logs(r2.events).map((l) => l.message),
    ["right 0", "right 1", "right 2", "right 3", "right 4"],
  );
});

test("output outside a step, and event delivery itself, are not captured", async () => {
  const delivered: string[] = [];
  const op = defineOp({
    name: "quiet",
    run: () => {
      console.log("inside");
      return 1;
    },
  });
  const r = await executeInProcess(
    defineDefinitions({ jobs: [defineJob({ name: "quietjob", ops: [op] })] }),
    { job: "quietjob" },
    {
      // A run worker writes events to stdout: that write must reach the real stream, not loop back as a LOG.
      onEvent: (e) => {
        delivered.push(e.type);
        if (e.type === "LOG") process.stdout.write("");
      },
    },
  );
  assert.deepEqual(
    logs(r.events).map((l) => l.message),
    ["inside"],
  );
  assert.equal(delivered.filter((t) => t === "LOG").length, 1);
});
