// loadCodeLocation on a TypeScript location inside a CommonJS package (what `npm init -y` makes), imported both
// ways Weir imports locations: plainly (code server, run worker) and through a tsx namespace (in-process launcher).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";
import { CodeLocationLoadError, loadCodeLocation } from "./codeLocationLoader.ts";

const repoNodeModules = fileURLToPath(new URL("../../../node_modules", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "weir-loader-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function commonJsPackage(name: string, definitions: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", type: "commonjs" }));
  symlinkSync(repoNodeModules, join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "definitions.ts"), definitions);
  return join(dir, "definitions.ts");
}

const importers = {
  plain: undefined,
  "tsx namespace": (url: string) => register({ namespace: `loader-test-${Math.random()}` }).import(url, import.meta.url),
};

for (const [how, importModule] of Object.entries(importers)) {
  test(`a location in a CommonJS package loads its default export (${how} import)`, async () => {
    const file = commonJsPackage(
      `cjs-${how.replace(" ", "-")}`,
      `import { defineDefinitions, defineJob, defineOp } from "@weir/sdk";
const hello = defineOp({ name: "hello", run: () => "hi" });
export default defineDefinitions({ jobs: [defineJob({ name: "greet", ops: [hello] })] });
`,
    );
    const loaded = await loadCodeLocation(file, { importModule });
    assert.deepEqual([...loaded.definitions.jobsByName.keys()], ["greet"]);
  });
}

test("a CommonJS location whose default export is not definitions is still refused, with the file", async () => {
  const file = commonJsPackage("cjs-not-definitions", "export default { jobs: [] };\n");
  await assert.rejects(
    loadCodeLocation(file, { importModule: importers["tsx namespace"] }),
    (error: Error) =>
      error instanceof CodeLocationLoadError &&
      error.message ===
        `Code location ${file} must default-export defineDefinitions({...}), found a default export of type object with keys [jobs]` +
          ": end it with `export default defineDefinitions({ assets: [...], jobs: [...] })` (from @weir/sdk)",
  );
});
