// What only the in-process launcher does: re-importing a reloaded location in the server's own process,
// and cancelling its runs on dispose. The scenarios every launcher shares are in
// test/launcherScenarios.test.ts.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { createInProcessLauncher } from "./inProcessLauncher.ts";
import { launch, request } from "../../test/launchHarness.ts";

describe("in-process launcher", () => {
  const launcher = createInProcessLauncher();
  after(() => launcher.dispose());

  test("a new location version is imported afresh, helpers included", async () => {
    // Inside the repo so the temporary location resolves @weir/sdk.
    const dir = fileURLToPath(new URL(`../../test/fixtures/.tmp-${randomBytes(4).toString("hex")}/`, import.meta.url));
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
