// The committed typed documents must match what GraphQL Code Generator makes from schema.graphql and
// the UI's .graphql documents today (the build uses them without running codegen).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { codegenConfig } from "../codegen.ts";

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..");

test("src/graphql/generated is up to date with schema.graphql and the UI's .graphql documents", async () => {
  const previous = process.cwd();
  process.chdir(webDir);
  try {
    const files = await generate({ ...codegenConfig, silent: true }, false);
    assert.ok(files.length > 0);
    for (const file of files) {
      const path = join(webDir, file.filename);
      assert.ok(existsSync(path), `${file.filename} is missing: run \`npm run codegen -w @weir/web\``);
      assert.equal(readFileSync(path, "utf8"), file.content, `${file.filename} is stale: run \`npm run codegen -w @weir/web\``);
    }
  } finally {
    process.chdir(previous);
  }
});
