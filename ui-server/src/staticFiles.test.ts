import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, test } from "node:test";
import { exportPath, resolveStaticFile } from "./staticFiles.ts";

// A miniature static export: each page's HTML and the RSC files Next's router fetches beside it, and a
// file beside the export that no request may reach.
const parent = mkdtempSync(join(tmpdir(), "weir-static-files-"));
const root = join(parent, "out");
after(() => rmSync(parent, { recursive: true, force: true }));
for (const page of ["runs", "run", "assets", "asset", "jobs", "job"]) {
  for (const file of ["index.html", "index.txt", "__next._tree.txt", `__next.${page}.__PAGE__.txt`]) {
    mkdirSync(join(root, page), { recursive: true });
    writeFileSync(join(root, page, file), `${page}/${file}`);
  }
}
writeFileSync(join(root, "index.html"), "index.html");
writeFileSync(join(parent, "outside"), "a file outside the export");

/** The export file that answers the request, relative to the export's root (null: 404). */
function served(urlPath: string, rsc = false): string | null {
  const file = resolveStaticFile(root, urlPath, { rsc });
  return file && relative(root, file.path);
}

test("a run's, an asset's and a job's shareable address serve that kind's page, with or without a trailing slash", () => {
  assert.equal(served("/runs/0c8f3d6e-2a41-4b8e-9d1a-5f3b7c2e9a10"), "run/index.html");
  assert.equal(served("/runs/0c8f3d6e-2a41-4b8e-9d1a-5f3b7c2e9a10/"), "run/index.html");
  assert.equal(served("/assets/raw/orders"), "asset/index.html");
  assert.equal(served("/assets/raw/orders/"), "asset/index.html");
  assert.equal(served("/assets/daily_totals/"), "asset/index.html");
  assert.equal(served("/assets/raw%2Forders/"), "asset/index.html");
  assert.equal(served("/jobs/daily_report/"), "job/index.html");
  assert.equal(served("/jobs/etl.v2"), "job/index.html");
});

test("the list pages, the old query-form pages and their own files stay where they are", () => {
  assert.equal(served("/runs/"), "runs/index.html");
  assert.equal(served("/runs"), "runs/index.html");
  assert.equal(served("/assets/"), "assets/index.html");
  assert.equal(served("/jobs/"), "jobs/index.html");
  assert.equal(served("/run/"), "run/index.html");
  assert.equal(served("/asset/"), "asset/index.html");
  assert.equal(served("/job/"), "job/index.html");
  assert.equal(served("/runs/__next._tree.txt", true), "runs/__next._tree.txt");
  assert.equal(served("/runs/index.txt", true), "runs/index.txt");
  assert.equal(served("/assets/__next.assets.__PAGE__.txt", true), "assets/__next.assets.__PAGE__.txt");
  assert.equal(served("/"), "index.html");
});

test("Next's RSC fetches under an address get the page's payload; a page load of the same path gets the page", () => {
  assert.equal(served("/runs/0c8f3d6e/__next._tree.txt", true), "run/__next._tree.txt");
  assert.equal(served("/runs/0c8f3d6e/__next.run.__PAGE__.txt", true), "run/__next.run.__PAGE__.txt");
  assert.equal(served("/runs/0c8f3d6e/index.txt", true), "run/index.txt");
  assert.equal(served("/assets/raw/orders/__next._tree.txt", true), "asset/__next._tree.txt");
  assert.equal(served("/jobs/etl/__next.job.__PAGE__.txt", true), "job/__next.job.__PAGE__.txt");
  // Asset keys may end in "index.txt": only an RSC fetch means the payload file.
  assert.equal(served("/assets/raw/index.txt"), "asset/index.html");
  assert.equal(served("/assets/raw/index.txt/index.txt", true), "asset/index.txt");
  // An RSC fetch of anything else under an address is the page: Next then loads it as a document.
  assert.equal(served("/runs/0c8f3d6e", true), "run/index.html");
});

test("the content of a mapped address varies with the RSC header, for the browser's cache", () => {
  assert.equal(resolveStaticFile(root, "/assets/raw/index.txt")?.vary, "RSC");
  assert.equal(resolveStaticFile(root, "/assets/raw/index.txt", { rsc: true })?.vary, "RSC");
  assert.equal(resolveStaticFile(root, "/runs/")?.vary, undefined);
  assert.equal(resolveStaticFile(root, "/runs/")?.contentType, "text/html; charset=utf-8");
  assert.equal(resolveStaticFile(root, "/runs/0c8f3d6e/")?.contentType, "text/html; charset=utf-8");
  assert.equal(resolveStaticFile(root, "/runs/0c8f3d6e/index.txt", { rsc: true })?.contentType, "text/plain; charset=utf-8");
});

test("paths that escape the export, through an address or not, are refused", () => {
  for (const path of [
    "/runs/../../outside",
    "/runs/../../etc/passwd",
    "/runs/..%2F..%2Fetc%2Fpasswd",
    "/runs/%2e%2e/%2e%2e/outside",
    "/assets/raw/../../../outside",
    "/assets/./orders",
    "/jobs/..",
    "/jobs/..%5C..%5Coutside",
    "/../outside",
    "/run/../../outside",
  ])
    assert.equal(served(path), null, path);
  assert.equal(exportPath("/runs/%E0%A4%A"), null, "a malformed escape");
  assert.equal(served("/nothing-here/"), null);
});
