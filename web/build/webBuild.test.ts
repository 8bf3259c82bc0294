import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { buildSources, WEB_DIR } from "./webBuild.ts";

test("the build's source hash covers the UI's sources and the DAG layout options it imports", () => {
  const repo = join(WEB_DIR, "..");
  const files = buildSources().map((file) => file.slice(repo.length + 1));
  assert.ok(files.includes("dag-layout/src/dagLayoutOptions.ts"));
  assert.ok(files.includes("web/src/app/layout.tsx"));
  assert.ok(files.includes("web/next.config.ts"));
  assert.ok(!files.some((file) => file.startsWith("web/out/") || file.includes("node_modules")));
});
