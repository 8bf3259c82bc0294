import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { createInProcessLauncher } from "./inProcessLauncher.ts";
import { assertContiguous, launch, notDefinitionsFile, request, types } from "../test/launchHarness.ts";

describe("in-process launcher", () => {
  const launcher = createInProcessLauncher();
  after(() => launcher.dispose());

  test("a successful run emits RUN_START..RUN_SUCCESS with contiguous seq from firstSeq", async () => {
    const req = request("succeed", { firstSeq: 5 });
    const run = await launch(launcher, req);
    const exit = await run.exit;
    assert.equal(exit.error, undefined);
    assert.equal(exit.exitCode, 0);
    assert.equal(run.events[0].type, "RUN_START");
    assert.equal(run.events.at(-1)?.type, "RUN_SUCCESS");
    assertContiguous(run.events, 5);
    assert.ok(run.events.every((e) => e.runId === req.runId));
    const printed = run.events.find((e) => e.type === "LOG" && e.message === "hello from step, value 20");
    assert.equal(printed?.stepKey, "second");
    assert.equal(printed?.data?.source, "stdout");
    assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
  });

  test("a failing step ends the run in RUN_FAILURE", async () => {
    const run = await launch(launcher, request("fail"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 1);
    assert.ok(types(run.events).includes("STEP_FAILURE"));
    assert.equal(run.events.at(-1)?.type, "RUN_FAILURE");
    assert.match(JSON.stringify(run.events.find((e) => e.type === "STEP_FAILURE")), /step exploded on purpose/);
    assertContiguous(run.events, 1);
  });

  test("terminate mid-step ends the run RUN_CANCELED", async () => {
    const req = request("slow");
    const run = await launch(launcher, req);
    await run.waitFor("STEP_START");
    assert.equal((await launcher.checkHealth(req.runId)).status, "RUNNING");
    assert.equal(await launcher.terminate(req.runId), true);
    await run.exit;
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELED");
    assertContiguous(run.events, 1);
    assert.equal(await launcher.terminate(req.runId), false);
  });

  test("a location that does not load reports an error naming the file and emits nothing", async () => {
    const run = await launch(launcher, request("succeed", { location: { name: "bad", file: notDefinitionsFile } }));
    const exit = await run.exit;
    assert.equal(run.events.length, 0);
    assert.ok(exit.error);
    assert.match(exit.error.message, /notDefinitions\.ts must default-export defineDefinitions/);
  });

  test("a new location version is imported afresh, helpers included", async () => {
    // Inside the repo so the temporary location resolves @weir/sdk.
    const dir = fileURLToPath(new URL(`../test/fixtures/.tmp-${randomBytes(4).toString("hex")}/`, import.meta.url));
    await mkdir(dir, { recursive: true });
    after(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, "definitions.ts");
    await writeFile(
      file,
      `import { defineDefinitions, defineJob, defineOp } from "@weir/sdk";
       import { word } from "./word.ts";
       const say = defineOp({ name: "say", run: async () => { console.log(word); } });
       export default defineDefinitions({ jobs: [defineJob({ name: "say", ops: [say] })] });`,
    );
    const said = async (version: string) => {
      const run = await launch(launcher, request("say", { location: { name: "tmp", file, version } }));
      await run.exit;
      return run.events.find((e) => e.type === "LOG" && e.data?.source === "stdout")?.message;
    };
    await writeFile(path.join(dir, "word.ts"), `export const word = "before";`);
    assert.equal(await said("1"), "before");
    await writeFile(path.join(dir, "word.ts"), `export const word = "after";`);
    assert.equal(await said("1"), "before"); // same version: the cached module
    assert.equal(await said("2"), "after");
  });

  test("dispose cancels the runs still going", async () => {
    const own = createInProcessLauncher({ maxConcurrency: 2 });
    const run = await launch(own, request("slow"));
    await run.waitFor("STEP_START");
    await own.dispose();
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELED");
  });
});
