// `weir runs launch --partition / --partition-range` and `weir assets materialize --partition` as a user runs
// them: a spawned `weir server` on the partitions fixture and spawned CLI processes, with their exit codes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { WEIR_BIN, startWeir, type WeirProcess } from "../../../test/weirProcess.ts";

const LOCATION = fileURLToPath(new URL("../../../test/fixtures/partitions/definitions.ts", import.meta.url));

let server: WeirProcess;
let instanceDir: string;

function weir(args: string[]) {
  const r = spawnSync(process.execPath, [WEIR_BIN, ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, WEIR_URL: server.url, WEIR_TOKEN: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  instanceDir = mkdtempSync(join(tmpdir(), "weir-cli-partitions-"));
  server = await startWeir(["server", "--auth", "off", "--port", "0", "--instance", instanceDir, "--definitions", LOCATION]);
});
after(async () => {
  await server?.stop("SIGINT");
  rmSync(instanceDir, { recursive: true, force: true });
});

test("--partition and --partition-range launch partitioned runs; --json carries the partition; bad ones exit non-zero with one line", () => {
  const launched = weir(["runs", "launch", "daily_events_job", "--partition", "2024-01-05", "--wait"]);
  assert.equal(launched.code, 0, launched.stderr);
  assert.match(launched.stdout, /^launched run \S+ \(daily_events_job\) for partition 2024-01-05: QUEUED$/m);
  assert.match(launched.stdout, /^run \S+ SUCCESS$/m);

  const asJson = weir(["assets", "materialize", "region_totals", "--partition", "eu", "--wait", "--json"]);
  assert.equal(asJson.code, 0, asJson.stderr);
  const run = JSON.parse(asJson.stdout);
  assert.equal(run.status, "SUCCESS");
  assert.equal(run.partitionKey, "eu");
  assert.deepEqual(
    run.tags.find((t: { key: string }) => t.key === "weir/partition"),
    { key: "weir/partition", value: "eu" },
  );

  const ranged = weir(["assets", "materialize", "event_rollup", "--partition-range", "2024-01-02..2024-01-04"]);
  assert.equal(ranged.code, 0, ranged.stderr);
  assert.match(ranged.stdout, /^launched run \S+ materializing event_rollup for partitions 2024-01-02\.\.2024-01-04: QUEUED$/m);

  const unknown = weir(["runs", "launch", "daily_events_job", "--partition", "1999-01-01"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /partition "1999-01-01" is not a partition of asset "daily_events"/);
  assert.equal(unknown.stderr.trim().split("\n").length, 1);

  const malformed = weir(["runs", "launch", "daily_events_job", "--partition-range", "2024-01-02"]);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /--partition-range must be START\.\.END/);
});
