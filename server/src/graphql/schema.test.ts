import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { printWeirSchema } from "./schema.ts";

test("schema.graphql at the repo root matches the Pothos schema (run `npm run schema -w @weir/server`)", () => {
  const committed = readFileSync(new URL("../../../schema.graphql", import.meta.url), "utf8");
  assert.equal(committed, printWeirSchema(), "schema.graphql is stale: run `npm run schema -w @weir/server` and commit it");
});
