// User code never sees the server's secrets: a real `weir server` (subprocess launcher, PostgreSQL, a
// bootstrap admin token in its environment) runs a step that logs process.env, a worker that dies
// printing it to stderr, and a sensor that returns it from its code server. None of them holds
// WEIR_DATABASE_URL, WEIR_ADMIN_TOKEN or WEIR_TOKEN; what `workerEnv` names is there.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTestDatabaseUrl, dropTestDatabases } from "./databases.ts";
import { startWeir, type WeirProcess } from "./weirProcess.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/locations/envProbe.ts", import.meta.url));
const SECRET_NAMES = ["WEIR_DATABASE_URL", "WEIR_ADMIN_TOKEN", "WEIR_TOKEN"];

after(dropTestDatabases);

describe("the environment of user code (weir server, subprocess launcher)", () => {
  let server: WeirProcess;
  let dir: string;
  const admin = `weir_${randomBytes(32).toString("base64url")}`;
  const clientToken = `weir_${randomBytes(32).toString("base64url")}`;
  let secrets: Record<string, string>;

  async function gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-weir-request": "1", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data;
  }

  async function poll<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function runToEnd(job: string): Promise<{ status: string; events: { type: string; message: string; data: unknown }[] }> {
    const launched = await gql(
      `mutation($job: String!) { launchRun(input: { job: $job }) { __typename ... on LaunchRunSuccess { run { id } } ... on Error { message } } }`,
      { job },
    );
    assert.equal(launched.launchRun.__typename, "LaunchRunSuccess", launched.launchRun.message);
    const id = launched.launchRun.run.id as string;
    const status = await poll(`run ${id} of ${job} to finish`, async () => {
      const run = (await gql(`query($id: ID!) { run(id: $id) { status } }`, { id })).run;
      return ["SUCCESS", "FAILURE", "CANCELED"].includes(run.status) ? (run.status as string) : undefined;
    });
    const events = await gql(`query($id: ID!) { runEvents(runId: $id, first: 1000) { edges { node { type message data } } } }`, {
      id,
    });
    return { status, events: events.runEvents.edges.map((e: { node: unknown }) => e.node) };
  }

  function assertNoServerSecrets(env: Record<string, string>, where: string): void {
    for (const name of SECRET_NAMES) assert.equal(env[name], undefined, `${where}: ${name} reached user code`);
    assert.equal(env.PROBE_PASSED, "passed-value", `${where}: workerEnv.pass`);
    assert.equal(env.PROBE_SET, "fixed-value", `${where}: workerEnv.set`);
    assert.equal(env.PROBE_NOT_NAMED, undefined, `${where}: a variable workerEnv does not name`);
    assert.equal(env.TZ, "Europe/Paris", `${where}: TZ is in the base allowlist`);
    assert.ok(env.PATH, `${where}: PATH is in the base allowlist`);
  }

  function assertNoSecretValue(text: string, where: string): void {
    for (const [name, value] of Object.entries(secrets)) assert.ok(!text.includes(value), `${where} shows the value of ${name}`);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "weir-worker-env-"));
    const config = join(dir, "weir.config.ts");
    writeFileSync(
      config,
      `export default { launcher: "subprocess", workerEnv: { pass: ["PROBE_PASSED"], set: { PROBE_SET: "fixed-value" } } };\n`,
    );
    secrets = { WEIR_DATABASE_URL: await createTestDatabaseUrl(), WEIR_ADMIN_TOKEN: admin, WEIR_TOKEN: clientToken };
    server = await startWeir(
      [
        "server",
        "--config",
        config,
        "--definitions",
        LOCATION,
        "--instance",
        join(dir, "instance"),
        "--port",
        "0",
        "--with-daemon",
      ],
      { ...secrets, PROBE_PASSED: "passed-value", PROBE_NOT_NAMED: "not-named", TZ: "Europe/Paris" },
    );
  });
  after(async () => {
    await server?.stop("SIGINT");
    rmSync(dir, { recursive: true, force: true });
  });

  test("a step that logs process.env sees the allowlist and workerEnv, not the server's secrets", async () => {
    const { status, events } = await runToEnd("env_probe");
    assert.equal(status, "SUCCESS");
    const logged = events.find((e) => e.type === "LOG" && e.message.startsWith("ENV "));
    assert.ok(logged, "the step logged its environment");
    assertNoServerSecrets(JSON.parse(logged.message.slice(4)), "a run worker");
    assertNoSecretValue(JSON.stringify(events), "the run's events");
  });

  test("a worker that dies printing process.env to stderr leaves no secret in its RUN_FAILURE", async () => {
    const { status, events } = await runToEnd("env_crash");
    assert.equal(status, "FAILURE");
    const failure = events.find((e) => e.type === "RUN_FAILURE");
    const tail = (failure?.data as { stderrTail?: string } | null)?.stderrTail ?? "";
    assert.match(tail, /"PROBE_PASSED":"passed-value"/, "the stderr tail holds the printed environment");
    assertNoSecretValue(JSON.stringify(events), "the run's events");
  });

  test("a sensor returning process.env from its code server sees no secret either", async () => {
    const started = await gql(`mutation { startSensor(name: "env_sensor") { __typename ... on Error { message } } }`);
    assert.equal(started.startSensor.__typename, "Sensor", started.startSensor.message);
    const cursor = await poll("the sensor's first evaluation", async () => {
      const sensors = (await gql(`{ sensors { name cursor } }`)).sensors as { name: string; cursor: string | null }[];
      return sensors.find((s) => s.name === "env_sensor")?.cursor ?? undefined;
    });
    assertNoServerSecrets(JSON.parse(cursor), "a code server");
    await gql(`mutation { stopSensor(name: "env_sensor") { __typename } }`);
  });

  test("the server refuses a workerEnv that would pass its secrets", async () => {
    const config = join(dir, "leaky.config.ts");
    writeFileSync(config, `export default { workerEnv: { pass: ["WEIR_*"] } };\n`);
    await assert.rejects(
      startWeir(["server", "--config", config, "--instance", join(dir, "leaky"), "--port", "0"]),
      /workerEnv: WEIR_\* would give user code the server's WEIR_DATABASE_URL/,
    );
  });
});
