// The committed typed documents must match what GraphQL Code Generator makes from schema.graphql and
// src/operations today (a fresh clone uses them without running codegen).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { codegenConfig } from "../codegen.ts";

const clientDir = join(dirname(fileURLToPath(import.meta.url)), "..");

test("src/generated is up to date with schema.graphql and src/operations", async () => {
  const previous = process.cwd();
  process.chdir(clientDir);
  try {
    const files = await generate({ ...codegenConfig, silent: true }, false);
    assert.ok(files.length > 0);
    for (const file of files) {
      const committed = readFileSync(join(clientDir, file.filename), "utf8");
      assert.equal(committed, file.content, `${file.filename} is stale: run \`npm run codegen -w @weir/client\``);
    }
  } finally {
    process.chdir(previous);
  }
});
