// The remote commands as a user runs them: a spawned `weir server` and spawned `weir runs ...`
// processes, in human and --json output, with their exit codes.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { WEIR_BIN, startWeir, type WeirProcess } from "../../../test/weirProcess.ts";

const LOCATION = fileURLToPath(new URL("../../../../client/test/fixtures/definitions.ts", import.meta.url));
const ANSI = /\x1b\[/;

let server: WeirProcess;
let instanceDir: string;

function weir(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [WEIR_BIN, ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, WEIR_URL: server.url, WEIR_TOKEN: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T = any>(args: string[]): T {
  const r = weir([...args, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

before(async () => {
  instanceDir = mkdtempSync(join(tmpdir(), "weir-cli-test-"));
  server = await startWeir(["server", "--auth", "off", "--port", "0", "--instance", instanceDir, "--definitions", LOCATION]);
});
after(async () => {
  await server?.stop("SIGINT");
  rmSync(instanceDir, { recursive: true, force: true });
});

describe("weir runs", () => {
  test("launch --wait: exit 0 on success, 1 with a one-line reason on failure", () => {
    const ok = weir([
      "runs",
      "launch",
      "etl",
      "--config",
      JSON.stringify({ ops: { fetch: { url: "https://example.test" } } }),
      "--tag",
      "team=data",
      "--wait",
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^launched run \S+ \(etl\): QUEUED$/m);
    assert.match(ok.stdout, /^run \S+ SUCCESS$/m);
    assert.doesNotMatch(ok.stdout, ANSI, "no colours when stdout is not a terminal");

    const failed = weir(["runs", "launch", "boom", "--wait"]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^weir: run \S+ ended FAILURE/);
    assert.equal(failed.stderr.trim().split("\n").length, 1);

    const failedJson = weir(["runs", "launch", "boom", "--wait", "--json"]);
    assert.equal(failedJson.code, 1);
    assert.equal(JSON.parse(failedJson.stdout).status, "FAILURE");
  });

  test("launch errors: unknown job and invalid config exit 1 with one line; bad usage exits 2", () => {
    const unknown = weir(["runs", "launch", "nope"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^weir: job "nope" is not defined/);
    assert.equal(unknown.stderr.trim().split("\n").length, 1);
    const invalid = weir(["runs", "launch", "etl", "--config", '{"ops":{"fetch":{"url":"x"}}}']);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /^weir: invalid config for job "etl": ops\.fetch\.url/);
    assert.equal(weir(["runs", "launch"]).code, 2);
    assert.equal(weir(["runs", "list", "--bogus"]).code, 2);
    assert.equal(weir(["runs", "frobnicate"]).code, 2);
    const unreachable = weir(["runs", "list"], { WEIR_URL: "http://127.0.0.1:1/graphql" });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /^weir: cannot reach the Weir API at http:\/\/127\.0\.0\.1:1\/graphql/);
  });

  test("list and show, as tables and as JSON", () => {
    const runs = json<{ id: string; jobName: string; status: string }[]>(["runs", "list"]);
    assert.ok(runs.length >= 3);
    const table = weir(["runs", "list", "--limit", "2"]);
    assert.equal(table.code, 0);
    const lines = table.stdout.trim().split("\n");
    assert.match(lines[0]!, /^RUN ID\s+JOB\s+STATUS\s+CREATED\s+DURATION$/);
    assert.equal(lines.length, 3);
    // Columns line up: every row's STATUS starts where the header's does.
    const statusColumn = lines[0]!.indexOf("STATUS");
    for (const line of lines.slice(1)) assert.match(line.slice(statusColumn), /^(SUCCESS|FAILURE|QUEUED|STARTED|STARTING)/);

    const failures = json<{ status: string }[]>(["runs", "list", "--status", "failure"]);
    assert.ok(failures.length >= 2 && failures.every((r) => r.status === "FAILURE"));
    const etl = runs.find((r) => r.jobName === "etl")!;
    const shown = weir(["runs", "show", etl.id]);
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /^status\s+SUCCESS$/m);
    assert.match(shown.stdout, /^tags\s+team=data$/m);
    assert.match(shown.stdout, /^fetch\s+SUCCESS\s+1/m);
    assert.equal(json(["runs", "show", etl.id]).steps[0].stepKey, "fetch");
    assert.equal(weir(["runs", "show", "00000000-0000-4000-8000-000000000000"]).code, 1);
  });

  test("logs --follow streams a running run and ends with it", async () => {
    const run = json<{ id: string }>([
      "runs",
      "launch",
      "chatty",
      "--config",
      JSON.stringify({ ops: { chatter: { count: 20, delayMs: 50 } } }),
    ]);
    const child = spawn(process.execPath, [WEIR_BIN, "runs", "logs", run.id, "--follow"], {
      env: { ...process.env, WEIR_URL: server.url },
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0);
    const lines = out.trim().split("\n");
    assert.match(lines.at(-1)!, /RUN_SUCCESS/);
    assert.equal(lines.filter((l) => /INFO\s+chatter\s+line \d+$/.test(l)).length, 20);

    const events = weir(["runs", "logs", run.id, "--json"])
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_e, i) => i + 1),
    );
    const tail = weir(["runs", "logs", run.id, "--after", String(events.length - 2), "--follow", "--json"])
      .stdout.trim()
      .split("\n");
    assert.equal(tail.length, 2);
  });

  test("terminate and reexecute", () => {
    const slow = json<{ id: string }>(["runs", "launch", "slow"]);
    for (let i = 0; i < 50 && json<{ status: string }>(["runs", "show", slow.id]).status === "QUEUED"; i++)
      spawnSync("sleep", ["0.1"]);
    const terminated = weir(["runs", "terminate", slow.id]);
    assert.equal(terminated.code, 0, terminated.stderr);
    assert.match(terminated.stdout, /^terminating run \S+ \(slow\): CANCEL/);
    for (let i = 0; i < 100 && json<{ status: string }>(["runs", "show", slow.id]).status !== "CANCELED"; i++)
      spawnSync("sleep", ["0.1"]);
    const again = weir(["runs", "terminate", slow.id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^weir: run \S+ cannot be terminated: it is already CANCELED/);

    const dir = mkdtempSync(join(tmpdir(), "weir-cli-flaky-"));
    const marker = join(dir, "fail");
    writeFileSync(marker, "");
    try {
      const failed = weir([
        "runs",
        "launch",
        "flaky",
        "--config",
        JSON.stringify({ ops: { flaky_step: { failWhileExists: marker } } }),
        "--wait",
        "--json",
      ]);
      assert.equal(failed.code, 1);
      const id = JSON.parse(failed.stdout).id as string;
      rmSync(marker);
      const retried = weir(["runs", "reexecute", id, "--wait"]);
      assert.equal(retried.code, 0, retried.stderr);
      assert.match(retried.stdout, /^re-executing as run \S+ \(flaky\)/m);
      assert.match(retried.stdout, /SUCCESS$/m);
      assert.equal(weir(["runs", "reexecute", id, "--strategy", "sideways"]).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("weir assets, schedules, sensors, locations", () => {
  test("assets list and materialize", () => {
    const done = weir(["assets", "materialize", "source", "doubled", "--wait"]);
    assert.equal(done.code, 0, done.stderr);
    const table = weir(["assets", "list"]);
    assert.match(table.stdout, /^ASSET\s+GROUP\s+LOCATION\s+LAST MATERIALIZED\s+BY RUN$/m);
    assert.match(table.stdout, /^doubled\s+demo\s+fixtures\s+\d{4}-/m);
    assert.deepEqual(
      json<{ key: string }[]>(["assets", "list", "--group", "demo"])
        .map((a) => a.key)
        .sort(),
      ["doubled", "source"],
    );
    const missing = weir(["assets", "materialize", "nope"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^weir: asset not defined/);
  });

  test("schedules and sensors on and off, and the sensor cursor", () => {
    assert.match(weir(["schedules", "list"]).stdout, /^nightly_noop\s+0 2 \* \* \*\s+UTC\s+noop\s+STOPPED$/m);
    assert.equal(weir(["schedules", "start", "nightly_noop"]).stdout.trim(), "schedule nightly_noop: RUNNING");
    assert.equal(json(["schedules", "stop", "nightly_noop"]).status, "STOPPED");
    assert.equal(weir(["schedules", "start", "nope"]).code, 1);
    assert.equal(weir(["sensors", "start", "inbox"]).stdout.trim(), "sensor inbox: RUNNING");
    assert.equal(weir(["sensors", "cursor", "inbox", "file-7"]).code, 0);
    assert.equal(weir(["sensors", "cursor", "inbox"]).stdout.trim(), "file-7");
    assert.match(weir(["sensors", "list"]).stdout, /^inbox\s+3600s\s+noop\s+RUNNING\s+file-7$/m);
    assert.equal(json(["sensors", "cursor", "inbox", "--clear"]).cursor, null);
    assert.equal(json(["sensors", "stop", "inbox"]).status, "STOPPED");
  });

  test("locations list and reload", () => {
    assert.match(weir(["locations", "list"]).stdout, /^fixtures\s+LOADED\s+7\s+2\s+/m);
    const reloaded = weir(["locations", "reload", "fixtures"]);
    assert.equal(reloaded.code, 0, reloaded.stderr);
    assert.equal(reloaded.stdout.trim(), "location fixtures: LOADED");
    assert.equal(weir(["locations", "reload", "nowhere"]).code, 1);
  });
});
