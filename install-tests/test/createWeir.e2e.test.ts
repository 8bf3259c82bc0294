// `npm create weir` as a new user runs it: from the create-weir tarball, in a directory outside the repository,
// then npm install (Weir from its tarballs), `npm run dev`, a run launched through the API, the UI in Chromium,
// and the new project's own test and type check.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkProjectEndToEnd } from "../src/projectChecks.ts";
import { installProject, packWeir, runOk, scratchDir } from "../src/index.ts";

test("npm create weir: a new project installs, serves its UI, runs its job and passes its own test", async () => {
  const packed = await packWeir();
  const root = scratchDir("create");
  const created = await runOk(
    "npm",
    ["exec", "--yes", `--package=${packed.tarballs.get("create-weir")}`, "--", "create-weir", "my-pipelines"],
    { cwd: root },
  );
  const project = join(root, "my-pipelines");
  for (const file of ["package.json", "weir.config.ts", "definitions.ts", "README.md", "tsconfig.json"])
    assert.ok(existsSync(join(project, file)), `create-weir wrote ${file}`);
  assert.match(created.stdout, /npm run dev/, "prints the next steps");
  const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  assert.ok(manifest.scripts.dev && manifest.scripts.test, "dev and test scripts");

  await installProject(project, packed);
  await checkProjectEndToEnd(project, { devScript: "dev", testScript: "test" });
});
