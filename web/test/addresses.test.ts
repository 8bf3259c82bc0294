// The UI's shareable addresses: what links produce and what the pages read back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addressFromPath, addressOf, assetPath, jobPath, runPath } from "../src/lib/addresses.ts";

test("links produce /runs/ID/, /assets/KEY/ with the key's slashes kept, and /jobs/NAME/", () => {
  assert.equal(runPath("0c8f3d6e-2a41-4b8e-9d1a-5f3b7c2e9a10"), "/runs/0c8f3d6e-2a41-4b8e-9d1a-5f3b7c2e9a10/");
  assert.equal(assetPath("raw/orders"), "/assets/raw/orders/");
  assert.equal(assetPath("daily_totals"), "/assets/daily_totals/");
  assert.equal(jobPath("daily_report"), "/jobs/daily_report/");
  assert.equal(jobPath("daily_report", "launchpad"), "/jobs/daily_report/?tab=launchpad");
});

test("every address a link produces reads back as the id it was made from", () => {
  for (const key of ["raw/orders", "a/b/c.v2", "daily_totals", "x-y_z"])
    assert.equal(addressFromPath("asset", assetPath(key)), key);
  assert.equal(addressFromPath("run", runPath("r-1")), "r-1");
  assert.equal(addressFromPath("job", new URL(jobPath("etl.v2", "launchpad"), "http://ui").pathname), "etl.v2");
});

test("a pasted address reads with or without its trailing slash, and with an escaped slash", () => {
  assert.equal(addressFromPath("asset", "/assets/raw/orders"), "raw/orders");
  assert.equal(addressFromPath("asset", "/assets/raw%2Forders"), "raw/orders");
  assert.equal(addressFromPath("run", "/runs/abc"), "abc");
  assert.equal(addressFromPath("job", "/jobs/etl/"), "etl");
});

test("list pages and the old query forms are not path addresses; the page then reads the query", () => {
  assert.equal(addressFromPath("run", "/runs/"), null);
  assert.equal(addressFromPath("run", "/run/"), null);
  assert.equal(addressFromPath("asset", "/assets/"), null);
  assert.equal(addressFromPath("run", "/runs/%E0%A4%A"), null);
  assert.equal(addressOf("run", "/run/", new URLSearchParams("id=abc")), "abc");
  assert.equal(addressOf("asset", "/asset/", new URLSearchParams("key=raw%2Forders")), "raw/orders");
  assert.equal(addressOf("job", "/job/", new URLSearchParams("name=etl&tab=launchpad")), "etl");
  assert.equal(addressOf("job", "/jobs/etl/", new URLSearchParams("name=other")), "etl", "the path wins");
  assert.equal(addressOf("run", "/run/", null), "");
});
