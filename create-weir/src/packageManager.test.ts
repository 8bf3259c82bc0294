import assert from "node:assert/strict";
import { test } from "node:test";
import { detectPackageManager, runScriptCommand } from "./packageManager.ts";

test("the package manager comes from npm_config_user_agent, npm when unknown or unset", () => {
  assert.equal(detectPackageManager("npm/11.19.1 node/v20.20.2 linux x64 workspaces/false"), "npm");
  assert.equal(detectPackageManager("pnpm/9.12.0 npm/? node/v20.19.0 linux x64"), "pnpm");
  assert.equal(detectPackageManager("yarn/1.22.22 npm/? node/v20.19.0 darwin arm64"), "yarn");
  assert.equal(detectPackageManager("bun/1.1.30 npm/? node/v22.6.0 linux x64"), "bun");
  assert.equal(detectPackageManager("cnpm/9.4.0 node/v20.19.0"), "npm");
  assert.equal(detectPackageManager(undefined), "npm");
});

test("script commands read as each package manager's users type them", () => {
  assert.equal(runScriptCommand("npm", "test"), "npm test");
  assert.equal(runScriptCommand("npm", "dev"), "npm run dev");
  assert.equal(runScriptCommand("npm", "weir:dev"), "npm run weir:dev");
  assert.equal(runScriptCommand("pnpm", "dev"), "pnpm dev");
  assert.equal(runScriptCommand("yarn", "weir:test"), "yarn weir:test");
  assert.equal(runScriptCommand("bun", "test"), "bun run test", "`bun test` would run bun's own test runner");
});
