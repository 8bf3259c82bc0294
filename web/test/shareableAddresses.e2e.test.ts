// Shareable addresses in a real Chromium against a real `weir dev`: /runs/RUN_ID, /assets/KEY (a key's
// "/" stays a path separator) and /jobs/NAME open their page on a fresh load, as a pasted link does; the
// old query forms still work; links inside the UI produce the new form, and Back returns to the list.
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { screenshot } from "./support/artifacts.ts";
import { browserSuite } from "./support/browserSuite.ts";
import { waitUntil } from "./support/waitUntil.ts";

const suite = browserSuite();
let materialized: Promise<string> | undefined;

/** The id of a finished run that materialized raw/orders (made once, by the first test that asks). */
function finishedRun(): Promise<string> {
  materialized ??= (async () => {
    const { materializeAssets } = await suite.weir.gql(
      `mutation { materializeAssets(input: { keys: ["raw/orders"] }) { __typename ... on MaterializeAssetsSuccess { run { id } } } }`,
    );
    assert.equal(materializeAssets.__typename, "MaterializeAssetsSuccess");
    const id: string = materializeAssets.run.id;
    await waitUntil(
      async () => (await suite.weir.gql(`query($id: ID!) { run(id: $id) { status } }`, { id })).run.status === "SUCCESS",
      { what: `run ${id} SUCCESS` },
    );
    return id;
  })();
  return materialized;
}

interface Visit {
  page: Page;
  /** Every heading the page showed while loading, in order (a flash of another page would be in it). */
  headings(): Promise<string[]>;
  /** Document loads and Next's RSC fetches answered with an error status. */
  failed: string[];
  /** The requests for a run's log head (the HTML's preload, then any query the page made itself). */
  logHeadRequests: { method: string; status: number }[];
}

/** Opens `path` in a new tab as a pasted link would: a fresh page load, nothing in the router's cache. */
async function visit(path: string): Promise<Visit> {
  const page = await suite.page();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __headings: string[] }).__headings = seen;
    new MutationObserver(() => {
      const heading = document.querySelector("h1")?.textContent ?? "";
      if (heading && seen.at(-1) !== heading) seen.push(heading);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const failed: string[] = [];
  const logHeadRequests: Visit["logHeadRequests"] = [];
  page.on("response", (response) => {
    const req = response.request();
    const rsc = req.headers().rsc === "1";
    if ((req.resourceType() === "document" || rsc) && response.status() >= 400) failed.push(`${response.status()} ${req.url()}`);
    if ((req.url() + (req.postData() ?? "")).includes("RunLogHead"))
      logHeadRequests.push({ method: req.method(), status: response.status() });
  });
  await page.goto(`${suite.weir.webUrl}${path}`);
  return {
    page,
    headings: () => page.evaluate(() => (window as unknown as { __headings: string[] }).__headings),
    failed,
    logHeadRequests,
  };
}

/** The path and query the page shows now. */
function address(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

test("a pasted /runs/RUN_ID opens that run, with its head of log preloaded, and stays at that address", async () => {
  const runId = await finishedRun();
  const { page, headings, failed, logHeadRequests } = await visit(`/runs/${runId}`);
  await page.locator("h1 [data-status=SUCCESS]").waitFor();
  assert.equal(await page.locator("[data-testid=run-id]").textContent(), runId);
  await page.locator("[data-testid=log-viewer] [data-type=RUN_SUCCESS]").waitFor();
  assert.equal(address(page), `/runs/${runId}`, "no redirect, not even to add a slash");
  assert.deepEqual(failed, []);
  // The run page from its first heading on: never the runs list, never "not found".
  const shown = await headings();
  assert.ok(
    shown.every((h) => h === "Loading run…" || h.startsWith("Asset materialization")),
    `headings shown: ${JSON.stringify(shown)}`,
  );
  // The HTML's inline script fetched the log's head (it reads the id from the path) and the page used it.
  assert.deepEqual(logHeadRequests, [{ method: "POST", status: 200 }]);
  await screenshot(page, "address-run");
  await page.close();
});

test("a pasted /assets/raw/orders opens the asset whose key has a slash; its history links to /runs/RUN_ID/", async () => {
  const runId = await finishedRun();
  const { page, headings, failed } = await visit("/assets/raw/orders");
  await page.locator("h1", { hasText: "raw/orders" }).waitFor();
  await page.locator("[data-testid=materialization-history]").waitFor();
  assert.equal(await page.locator("[data-testid=materialization-history] a").first().getAttribute("href"), `/runs/${runId}/`);
  assert.equal(await page.locator("a.chip", { hasText: "cleaned_orders" }).getAttribute("href"), "/assets/cleaned_orders/");
  assert.equal(address(page), "/assets/raw/orders");
  assert.deepEqual(failed, []);
  assert.deepEqual(await headings(), ["raw/orders"]);
  await screenshot(page, "address-asset");

  // In-app: the downstream asset's link, then Back.
  await page.locator("a.chip", { hasText: "cleaned_orders" }).click();
  await page.waitForURL((url) => url.pathname === "/assets/cleaned_orders/");
  await page.locator("h1", { hasText: "cleaned_orders" }).waitFor();
  await page.goBack();
  await page.waitForURL((url) => url.pathname === "/assets/raw/orders");
  await page.locator("h1", { hasText: "raw/orders" }).waitFor();
  await page.close();
});

test("a pasted /jobs/NAME opens the job; its tabs keep the address and add ?tab=launchpad", async () => {
  const { page, headings, failed } = await visit("/jobs/daily_report");
  await page.locator("h1", { hasText: "daily_report" }).waitFor();
  await page.getByText("Recent runs").waitFor();
  assert.equal(address(page), "/jobs/daily_report");
  assert.deepEqual(failed, []);
  assert.deepEqual(await headings(), ["daily_report"]);
  await page.getByRole("link", { name: "Launchpad", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/jobs/daily_report/" && url.search === "?tab=launchpad");
  await page.locator("[data-testid=config-editor]").waitFor();
  await screenshot(page, "address-job-launchpad");
  await page.close();
});

test("the old query-form addresses still open the same pages", async () => {
  const runId = await finishedRun();
  const run = await visit(`/run/?id=${runId}`);
  await run.page.locator("h1 [data-status=SUCCESS]").waitFor();
  assert.equal(await run.page.locator("[data-testid=run-id]").textContent(), runId);
  assert.equal(address(run.page), `/run/?id=${runId}`);
  await run.page.close();

  const asset = await visit("/asset/?key=raw%2Forders");
  await asset.page.locator("h1", { hasText: "raw/orders" }).waitFor();
  await asset.page.close();

  const job = await visit("/job/?name=daily_report&tab=launchpad");
  await job.page.locator("h1", { hasText: "daily_report" }).waitFor();
  await job.page.locator("[data-testid=config-editor]").waitFor();
  assert.deepEqual([...run.failed, ...asset.failed, ...job.failed], []);
  await job.page.close();
});

test("a run clicked in the runs list lands on /runs/RUN_ID/; Back returns to the list and Forward to the run", async () => {
  const runId = await finishedRun();
  const { page } = await visit("/runs/");
  const link = page.locator(`[data-run-id="${runId}"] a.mono`);
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), `/runs/${runId}/`);
  await link.click();
  await page.waitForURL((url) => url.pathname === `/runs/${runId}/`);
  await page.locator("h1 [data-status=SUCCESS]").waitFor();
  assert.equal(await page.locator("[data-testid=run-id]").textContent(), runId);

  await page.goBack();
  await page.waitForURL((url) => url.pathname === "/runs/");
  await page.locator(`[data-run-id="${runId}"]`).waitFor();
  assert.equal(await page.locator("h1").textContent(), "Runs");
  await page.goForward();
  await page.waitForURL((url) => url.pathname === `/runs/${runId}/`);
  await page.locator("[data-testid=run-id]", { hasText: runId }).waitFor();
  await page.close();
});

test("unknown ids show the page's own not-found state at their address", async () => {
  const run = await visit("/runs/no-such-run");
  await run.page.getByText("Run not found").waitFor();
  await run.page.getByText("No run has the id no-such-run").waitFor();
  await run.page.close();
  const asset = await visit("/assets/raw/no_such_asset");
  await asset.page.getByText("No asset “raw/no_such_asset”").waitFor();
  await asset.page.close();
  const job = await visit("/jobs/no_such_job");
  await job.page.getByText("No job named “no_such_job”").waitFor();
  await job.page.close();
});

/** Status of a GET of `path` sent as is (fetch would resolve "..": a hand-written request does not). */
function rawStatus(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${suite.weir.webUrl}${path}`, { path }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}

test("paths that escape the UI's files are refused, through an address or not", async () => {
  const runId = await finishedRun();
  assert.equal(await rawStatus(`/runs/${runId}`), 200);
  for (const path of [
    "/runs/../../etc/passwd",
    "/runs/..%2F..%2F..%2Fetc%2Fpasswd",
    "/assets/raw/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
  ])
    assert.equal(await rawStatus(path), 404, path);
});
