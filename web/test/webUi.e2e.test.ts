// The web UI in a real Chromium against a real `weir dev` (quickstart + test location): launchpad,
// live log, re-execution from failure, terminate, materialize from the lineage graph, schedules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { screenshot } from "./support/artifacts.ts";
import { browserSuite } from "./support/browserSuite.ts";
import { waitUntil } from "./support/waitUntil.ts";

const suite = browserSuite();

/** The run id of a run page's shareable address, /runs/RUN_ID/. */
function runIdFrom(url: string): string {
  const id = /^\/runs\/([^/]+)\/$/.exec(new URL(url).pathname)?.[1];
  assert.ok(id, `no run id in ${url}`);
  return decodeURIComponent(id);
}

test("launchpad: config checked as you type, launch with config and tags, log streams live until SUCCESS", async () => {
  const page = await suite.page();
  await page.goto(`${suite.weir.webUrl}/jobs/daily_report/?tab=launchpad`);
  const editor = page.locator("[data-testid=config-editor] .cm-content");
  await editor.waitFor();
  await page.getByText('"minQuantity": 1').waitFor();

  // An invalid value is flagged before launching, and Launch is disabled.
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(
    JSON.stringify({ ops: { load_orders: { minQuantity: -1 }, write_report: { title: "UI test" } } }, null, 2),
  );
  const problems = page.locator("[data-testid=config-problems]");
  await problems.getByText("ops.load_orders.minQuantity").waitFor();
  assert.equal(await page.locator("[data-testid=launch]").isDisabled(), true);

  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(
    JSON.stringify({ ops: { load_orders: { minQuantity: 2 }, write_report: { title: "Launched from the UI" } } }, null, 2),
  );
  await page.locator("[data-testid=config-valid]").waitFor();
  await page.locator("[data-testid=add-tag]").click();
  await page.getByLabel("Tag 1 key").fill("requested_by");
  await page.getByLabel("Tag 1 value").fill("ui-test");
  await page.locator("[data-testid=priority]").fill("5");
  await page.locator("[data-testid=launch]").click();

  await page.waitForURL(/\/runs\/[^/]+\/$/);
  const runId = runIdFrom(page.url());
  // The log fills while the run executes and ends with the run's success.
  await page.locator("[data-testid=log-viewer] [data-type=STEP_START]").first().waitFor();
  await page.locator("[data-testid=log-viewer] [data-type=RUN_SUCCESS]").waitFor();
  await page.locator("h1 [data-status=SUCCESS]").waitFor();
  await page.locator("[data-testid=step-graph] [data-state=success]").nth(2).waitFor();
  await screenshot(page, "launchpad-run-success");

  const { run } = await suite.weir.gql(`query($id: ID!) { run(id: $id) { status config priority tags { key value } } }`, {
    id: runId,
  });
  assert.equal(run.status, "SUCCESS");
  assert.equal(run.config.ops.load_orders.minQuantity, 2);
  assert.equal(run.priority, 5);
  assert.ok(run.tags.some((t: { key: string; value: string }) => t.key === "requested_by" && t.value === "ui-test"));

  await page.locator("[data-testid=timeline-tab]").click();
  await page.locator("[data-testid=step-timeline] [data-outcome=success]").nth(2).waitFor();
  await screenshot(page, "run-timeline");
  await page.close();
});

test("a failing run shows its error; re-execute from failure launches a child run that succeeds", async () => {
  const page = await suite.page();
  await page.goto(`${suite.weir.webUrl}/jobs/flaky_etl/?tab=launchpad`);
  await page.locator("[data-testid=config-valid]").waitFor();
  await page.locator("[data-testid=launch]").click();
  await page.waitForURL(/\/runs\/[^/]+\/$/);
  const parentId = runIdFrom(page.url());
  await page.locator("h1 [data-status=FAILURE]").waitFor();
  const failure = page.locator("[data-testid=log-viewer] [data-type=STEP_FAILURE]");
  await failure.click();
  await page.getByText("column 'amount' is missing").first().waitFor();
  await page.locator("[data-testid=step-graph] [data-step=transform][data-state=failure]").waitFor();
  await screenshot(page, "run-failure");

  await page.locator("[data-testid=reexecute-from-failure]").click();
  await page.waitForURL((url) => /^\/runs\/[^/]+\/$/.test(url.pathname) && !url.pathname.includes(parentId));
  const childId = runIdFrom(page.url());
  await page.locator("h1 [data-status=SUCCESS]").waitFor();
  await page.locator("[data-testid=parent-run]").waitFor();
  await screenshot(page, "reexecution-success");

  const { run } = await suite.weir.gql(`query($id: ID!) { run(id: $id) { status parentRunId stepSelection } }`, { id: childId });
  assert.equal(run.parentRunId, parentId);
  assert.equal(run.status, "SUCCESS");

  // The runs list keeps its filter in the URL: failures only.
  await page.goto(`${suite.weir.webUrl}/runs/?status=FAILURE`);
  await page.locator(`[data-run-id="${parentId}"]`).waitFor();
  assert.equal(await page.locator(`[data-run-id="${childId}"]`).count(), 0);
  await page.close();
});

test("terminate stops a long run and the page shows it canceled", async () => {
  const { launchRun } = await suite.weir.gql(
    `mutation { launchRun(input: { job: "long_wait" }) { ... on LaunchRunSuccess { run { id } } } }`,
  );
  const page = await suite.page();
  await page.goto(`${suite.weir.webUrl}/runs/${launchRun.run.id}`);
  await page.getByText("still waiting (2/120)").waitFor();
  await page.locator("[data-testid=terminate]").click();
  await page.getByText("Termination requested.").waitFor();
  await page.locator("h1 [data-status=CANCELED]").waitFor();
  await page.locator("[data-testid=log-viewer] [data-type=RUN_CANCELED]").waitFor();
  await screenshot(page, "run-terminated");
  await page.close();
});

test("materialize an asset selected in the lineage graph", async () => {
  const page = await suite.page();
  await page.goto(`${suite.weir.webUrl}/assets/?view=lineage`);
  const node = page.locator('[data-testid=asset-graph] [data-asset="raw/orders"]');
  await node.waitFor();
  await node.click();
  await page.getByText("1 selected").waitFor();
  await page.locator("[data-testid=materialize-selected]").click();
  const link = page.locator("[data-testid=materialize-run-link]");
  await link.waitFor();
  await page.locator('[data-testid=asset-graph] [data-asset="raw/orders"][data-state=materialized]').waitFor();
  await screenshot(page, "asset-lineage-materialized");
  await link.click();
  await page.locator("h1 [data-status=SUCCESS]").waitFor();
  const { asset } = await suite.weir.gql(`{ asset(key: "raw/orders") { latestMaterialization { runId } } }`);
  assert.equal(asset.latestMaterialization.runId, runIdFrom(page.url()));
  await page.close();
});

test("toggle a schedule on and off", async () => {
  const page = await suite.page();
  await page.goto(`${suite.weir.webUrl}/automation/`);
  const toggle = page.getByRole("switch", { name: /schedule nightly_report/ });
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute("aria-checked"), "false");
  await toggle.click();
  await page.locator('[data-schedule=nightly_report] [role=switch][aria-checked="true"]').waitFor();
  const status = () =>
    suite.weir
      .gql(`{ schedules { name status } }`)
      .then((d) => d.schedules.find((s: { name: string }) => s.name === "nightly_report").status);
  await waitUntil(async () => (await status()) === "RUNNING", { what: "schedule RUNNING" });
  await screenshot(page, "schedule-on");
  await page.getByRole("switch", { name: /schedule nightly_report/ }).click();
  await page.locator('[data-schedule=nightly_report] [role=switch][aria-checked="false"]').waitFor();
  await waitUntil(async () => (await status()) === "STOPPED", { what: "schedule STOPPED" });
  await page.close();
});
