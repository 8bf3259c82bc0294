// The automation scripts run as a user runs them (child processes) against a real API with auth on.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createWeirClient, type WeirClient } from "@weir/client";
import { startTestServer, type TestServer } from "../../client/test/testServer.ts";

const here = fileURLToPath(new URL(".", import.meta.url));

let server: TestServer;
let client: WeirClient;
let env: NodeJS.ProcessEnv;

before(async () => {
  server = await startTestServer({ auth: true });
  const token = await server.token("OPERATOR", "scripts");
  env = { ...process.env, WEIR_URL: server.url, WEIR_TOKEN: token };
  client = createWeirClient({ url: server.url, token });
});
after(async () => {
  await client?.close();
  await server?.close();
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(
  script: string,
  args: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
  onLine?: (line: string) => void,
): Promise<Finished> {
  const child = spawn(process.execPath, ["--conditions=weir-source", "--import", "tsx", join(here, script), ...args], {
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  createInterface({ input: child.stdout! }).on("line", (line) => {
    stdout += `${line}\n`;
    onLine?.(line);
  });
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

test("launchAndWait: exit 0 on success, 1 on failure, typed config errors", async () => {
  const ok = await runScript("launchAndWait.ts", ["etl", JSON.stringify({ ops: { fetch: { url: "https://example.test/x" } } })]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /fetching https:\/\/example\.test\/x/);
  assert.match(ok.stdout, /run \S+ SUCCESS/);
  const failed = await runScript("launchAndWait.ts", ["boom"]);
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /RUN_FAILURE/);
  const invalid = await runScript("launchAndWait.ts", ["etl", JSON.stringify({ ops: { fetch: { url: "nope" } } })]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /config ops\.fetch\.url: /);
});

test("failureAlert: a failed run becomes a webhook alert naming the failing step", async () => {
  const received: { text: string; step: string | null }[] = [];
  const webhook = createServer((req, res) => {
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => {
        received.push(JSON.parse(body));
        res.end("ok");
      });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts`;
  try {
    let watching!: () => void;
    const ready = new Promise<void>((resolve) => (watching = resolve));
    const done = runScript(
      "failureAlert.ts",
      ["--max", "1"],
      { ALERT_WEBHOOK_URL: hook },
      (line) => line.startsWith("watching") && watching(),
    );
    await ready;
    // The subscription is set up right after the line; give it a moment before the run fails.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await client.launchRun({ job: "noop" });
    const run = await client.launchRun({ job: "boom" });
    const finished = await done;
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.step, "explode");
    assert.match(received[0]!.text, new RegExp(`run ${run.id} of boom failed at step explode: .*the warehouse is on fire`));
  } finally {
    webhook.close();
  }
});

test("nightlyReexecute: failed runs are re-executed from failure once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "weir-nightly-"));
  const marker = join(dir, "fail");
  writeFileSync(marker, "");
  try {
    const failed = await client.launchRun({ job: "flaky", config: { ops: { flaky_step: { failWhileExists: marker } } } });
    assert.equal((await client.waitForRun(failed.id)).status, "FAILURE");
    rmSync(marker);
    const dry = await runScript("nightlyReexecute.ts", ["--dry-run", "--job", "flaky"]);
    assert.match(dry.stdout, new RegExp(`would re-execute ${failed.id}`));
    const first = await runScript("nightlyReexecute.ts", ["--hours", "1", "--job", "flaky"]);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, new RegExp(`re-executing ${failed.id} \\(flaky\\)`));
    assert.match(first.stdout, new RegExp(`\\(flaky, from ${failed.id}\\): SUCCESS`));
    assert.match(first.stdout, /1 succeeded, 0 failed/);
    // Without --job it also picks up the failed `boom` runs of the tests above: they fail again, exit 1.
    const second = await runScript("nightlyReexecute.ts", ["--hours", "1"]);
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stdout, /\(boom, from /);
    assert.doesNotMatch(second.stdout, new RegExp(`re-executing ${failed.id}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
