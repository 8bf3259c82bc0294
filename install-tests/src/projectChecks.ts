// What a user does in the first minutes with a Weir project, checked end to end: `npm run dev`, the first job
// launched through the API until RUN_SUCCESS, the run's page in Chromium, and the project's own test.
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { runOk } from "./commands.ts";
import { graphql, launchAndWait } from "./weirApi.ts";
import { startProjectDev } from "./weirDev.ts";

const CHROMIUM = process.env.WEIR_CHROMIUM ?? "/usr/bin/chromium";

export async function checkProjectEndToEnd(project: string, scripts: { devScript: string; testScript: string }): Promise<void> {
  const dev = await startProjectDev(project, scripts.devScript);
  try {
    const { jobs } = await graphql<{ jobs: { name: string }[] }>(dev.apiUrl, "{ jobs { name } }");
    assert.ok(jobs.length > 0, `the project's definitions load: ${dev.output()}`);
    const run = await launchAndWait(dev.apiUrl, jobs[0]!.name);
    assert.equal(run.status, "SUCCESS", `run ${run.id} of ${jobs[0]!.name}:\n${dev.output()}`);
    await checkRunPageInChromium(`${dev.webUrl}/runs/${run.id}/`, run.id);
  } finally {
    await dev.stop();
  }
  const tested = await runOk("npm", ["run", scripts.testScript], { cwd: project });
  assert.match(`${tested.stdout}${tested.stderr}`, /pass [1-9]/, "the project's test ran and passed");
}

async function checkRunPageInChromium(url: string, runId: string): Promise<void> {
  assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: run scripts/chromium.sh`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(url);
    await page.getByText(runId).first().waitFor({ timeout: 30_000 });
    await page.getByText("SUCCESS").first().waitFor({ timeout: 30_000 });
    assert.deepEqual(failed, [], "every request of the run page succeeds");
  } finally {
    await browser.close();
  }
}

/** Type-checks a file that imports every package's entry point, in strict mode and without skipLibCheck. */
export async function checkStrictConsumer(project: string): Promise<void> {
  writeFileSync(
    join(project, "weir-consumer-check.ts"),
    [
      'import { createWeirClient } from "@weir/client";',
      'import { createSubprocessLauncher } from "@weir/launchers";',
      'import { defineAsset, defineDefinitions, executeInProcess } from "@weir/sdk";',
      'import { FINISHED_STATUSES } from "@weir/sdk/statuses";',
      'import * as server from "@weir/server";',
      "",
      'const a = defineAsset({ key: "a", compute: async () => ({ rows: 3 }) });',
      "// `a` is typed from the upstream asset: a wrong field or type fails this check.",
      'const b = defineAsset({ key: "b", ins: { a }, compute: async ({ a }) => { const rows: number = a.rows; return rows * 2; } });',
      "export const defs = defineDefinitions({ assets: [a, b] });",
      "export const used = [createWeirClient, createSubprocessLauncher, executeInProcess, FINISHED_STATUSES, server];",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(project, "tsconfig.consumer.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2023",
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
      files: ["weir-consumer-check.ts"],
    }),
  );
  await runOk("npx", ["tsc", "-p", "tsconfig.consumer.json"], { cwd: project });
}
