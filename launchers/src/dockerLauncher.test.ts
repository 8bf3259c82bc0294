// Against a real Docker engine (`npm test` starts one with scripts/docker-engine.sh). Without one the
// suite fails, naming the fix: a missing dependency is never a silent skip.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { connectDockerEngine } from "./dockerEngine.ts";
import { buildWorkerImage } from "./dockerImage.ts";
import { createDockerLauncher, RUN_ID_LABEL } from "./dockerLauncher.ts";
import { assertContiguous, fixtureFile, launch, notDefinitionsFile, request, types } from "../test/launchHarness.ts";

const TEST_IMAGE = "weir-worker:test";
const BAKED_IMAGE = "weir-worker:test-baked";
const engine = connectDockerEngine();

async function engineAnswers(): Promise<string | null> {
  try {
    await engine.docker.ping();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const unreachable = await engineAnswers();

describe("docker launcher", () => {
  const launcher = createDockerLauncher({ image: TEST_IMAGE, gracePeriodMs: 3000 });

  before(async () => {
    if (unreachable !== null) {
      assert.fail(
        `no Docker engine answers at ${engine.where} (${unreachable}). Start one with \`bash scripts/docker-engine.sh start\` ` +
          "(npm test does)",
      );
    }
    await buildWorkerImage({ engine, tag: TEST_IMAGE });
  });
  after(() => launcher.dispose());

  test("a successful run emits RUN_START..RUN_SUCCESS from firstSeq and the container is removed", async () => {
    const req = request("succeed", { firstSeq: 5 });
    const run = await launch(launcher, req);
    assert.equal(typeof run.workerInfo?.containerId, "string");
    const exit = await run.exit;
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    assert.equal(run.events[0].type, "RUN_START");
    assert.equal(run.events.at(-1)?.type, "RUN_SUCCESS");
    assertContiguous(run.events, 5);
    const printed = run.events.find((e) => e.type === "LOG" && e.message === "hello from step, value 20");
    assert.equal(printed?.stepKey, "second");
    assert.match(exit.stderrTail ?? "", /runs fixture imported/);
    assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
    const left = await engine.docker.listContainers({ all: true, filters: { label: [`${RUN_ID_LABEL}=${req.runId}`] } });
    assert.equal(left.length, 0);
  });

  test("a step that fails once is retried and the run succeeds; a step that always fails ends RUN_FAILURE, exit 1", async () => {
    const retried = await launch(launcher, request("retries"));
    assert.equal((await retried.exit).exitCode, 0);
    assert.ok(types(retried.events).includes("STEP_UP_FOR_RETRY"), types(retried.events).join());
    assert.equal(retried.events.at(-1)?.type, "RUN_SUCCESS");

    const failed = await launch(launcher, request("fail"));
    assert.equal((await failed.exit).exitCode, 1);
    assert.ok(types(failed.events).includes("STEP_FAILURE"));
    assert.equal(failed.events.at(-1)?.type, "RUN_FAILURE");
    assertContiguous(failed.events, 1);
  });

  test("containers carry labels, Init, and per-run limits from tags", async () => {
    const req = request("slow", { tags: { "weir/docker/memory": "256m", "weir/docker/cpus": "0.5" } });
    const run = await launch(launcher, req);
    await run.waitFor("STEP_START");
    const info = await engine.docker.getContainer(run.workerInfo!.containerId as string).inspect();
    assert.equal(info.Config.Labels[RUN_ID_LABEL], req.runId);
    assert.equal(info.Config.Labels["weir.location"], "runs");
    assert.equal(info.HostConfig.Init, true);
    assert.equal(info.HostConfig.Memory, 256 * 1024 * 1024);
    assert.equal(info.HostConfig.NanoCpus, 0.5e9);
    assert.equal((await launcher.checkHealth(req.runId)).status, "RUNNING");
    await launcher.terminate(req.runId);
    await run.exit;
  });

  test("terminate mid-step ends RUN_CANCELED and the worker exits 143", async () => {
    const req = request("slow");
    const run = await launch(launcher, req);
    await run.waitFor("STEP_START");
    assert.equal(await launcher.terminate(req.runId), true);
    const exit = await run.exit;
    assert.equal(exit.exitCode, 143, exit.stderrTail);
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELED");
    assertContiguous(run.events, 1);
  });

  test("a container killed with docker kill reports SIGKILL (exit 137)", async () => {
    const run = await launch(launcher, request("slow"));
    await run.waitFor("STEP_START");
    await engine.docker.getContainer(run.workerInfo!.containerId as string).kill();
    const exit = await run.exit;
    assert.equal(exit.exitCode, 137);
    assert.equal(exit.signal, "SIGKILL");
    assert.ok(!types(run.events).some((t) => t === "RUN_SUCCESS" || t === "RUN_FAILURE" || t === "RUN_CANCELED"));
  });

  test("process.exit(3) in user code reports exit code 3 and the stderr tail", async () => {
    const run = await launch(launcher, request("exits"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 3);
    assert.match(exit.stderrTail ?? "", /fatal: giving up with exit code 3/);
    assert.ok(types(run.events).includes("STEP_START"));
  });

  test("a location that does not load exits 2 with the reason on stderr", async () => {
    const run = await launch(launcher, request("succeed", { location: { name: "bad", file: notDefinitionsFile } }));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 2);
    assert.match(exit.stderrTail ?? "", /must default-export defineDefinitions/);
  });

  test("100,000 log lines from one step all arrive, in order", async () => {
    const run = await launch(launcher, request("chatty"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    assertContiguous(run.events, 1);
    const lines = run.events.filter((e) => e.type === "LOG" && e.data?.source === "stdout");
    assert.equal(lines.length, 100_000);
    lines.forEach((e, i) => {
      if (e.message !== `line ${i}`) assert.fail(`log ${i} is "${e.message}"`);
    });
  });

  test("a 10 MB event line arrives whole", async () => {
    const run = await launch(launcher, request("huge"));
    const exit = await run.exit;
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    const big = run.events.find((e) => e.type === "LOG" && e.data?.source === "stdout");
    assert.equal(big?.message.length, 10 * 1024 * 1024);
    assertContiguous(run.events, 1);
  });

  test("a restarted launcher reattaches by label and delivers the rest of the run, no duplicate, no gap", async () => {
    const first = createDockerLauncher({ image: TEST_IMAGE, env: { WEIR_FIXTURE_LINES: "20000" } });
    const req = request("chatty");
    const before = await launch(first, req);
    await before.waitFor("STEP_START");
    // The server "stops": it stops reading, the container keeps running.
    await first.dispose();
    const seen = before.events.length;
    assert.ok(seen > 0);
    const afterSeq = before.events.at(-1)!.seq;

    const second = createDockerLauncher({ image: TEST_IMAGE });
    const rest: typeof before.events = [];
    const exit = await new Promise<import("./runLauncher.ts").WorkerExit>((resolve, reject) => {
      second
        .reattach!({ runId: req.runId, workerInfo: before.workerInfo ?? null, afterSeq }, { onEvent: (e) => rest.push(e), onExit: resolve })
        .then((found) => (found ? undefined : reject(new Error("reattach found no container"))), reject);
    });
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    const all = [...before.events.slice(0, seen), ...rest];
    assertContiguous(all, 1);
    assert.equal(all.filter((e) => e.type === "LOG" && e.data?.source === "stdout").length, 20_000);
    assert.equal(all.at(-1)?.type, "RUN_SUCCESS");
    assert.equal(await second.reattach!({ runId: "no-such-run", workerInfo: null, afterSeq: 0 }, { onEvent() {}, onExit() {} }), false);
    await second.dispose();
  });

  test('codeSource "image": the code baked in by build-image runs with no code mounts', async () => {
    await buildWorkerImage({ engine, tag: BAKED_IMAGE, definitions: fixtureFile });
    const baked = createDockerLauncher({ image: BAKED_IMAGE, codeSource: "image", gracePeriodMs: 3000 });
    const req = request("slow");
    const run = await launch(baked, req);
    await run.waitFor("STEP_START");
    const info = await engine.docker.getContainer(run.workerInfo!.containerId as string).inspect();
    assert.deepEqual(
      info.Mounts.filter((m) => m.RW === false),
      [],
      "no read-only code mount in image mode",
    );
    await baked.terminate(req.runId);
    const exit = await run.exit;
    assert.equal(exit.exitCode, 143, exit.stderrTail);
    assert.equal(run.events.at(-1)?.type, "RUN_CANCELED");
    await engine.docker.getImage(BAKED_IMAGE).remove().catch(() => undefined);
  });

  test("an unreachable engine fails the launch with the cause and the fix", async () => {
    const nowhere = createDockerLauncher({ socketPath: "/nonexistent/docker.sock", image: TEST_IMAGE });
    await assert.rejects(nowhere.launch(request("succeed"), { onEvent() {}, onExit() {} }), (error: Error) => {
      assert.match(error.message, /cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock/);
      assert.match(error.message, /is dockerd running\?.*DOCKER_HOST/);
      return true;
    });
    await assert.rejects(nowhere.checkHealth("x"), /cannot reach the Docker engine/);
  });

  test("a missing image fails the launch telling how to build it", async () => {
    const noImage = createDockerLauncher({ image: "weir-no-such-image:1" });
    await assert.rejects(
      noImage.launch(request("succeed"), { onEvent() {}, onExit() {} }),
      /image weir-no-such-image:1 not found on the Docker engine .*weir docker build-image/,
    );
  });

  test("a mount path that does not exist fails the launch naming it", async () => {
    const badMount = createDockerLauncher({ image: TEST_IMAGE, mounts: [{ source: "/nonexistent/weir-data", readOnly: true }] });
    await assert.rejects(badMount.launch(request("succeed"), { onEvent() {}, onExit() {} }), /mount source \/nonexistent\/weir-data does not exist/);
  });

  test("describe shows the settings with secrets redacted", () => {
    const described = createDockerLauncher({
      host: "docker.example.test",
      ca: "-----BEGIN CERTIFICATE-----x",
      cert: "-----BEGIN CERTIFICATE-----y",
      key: "-----BEGIN PRIVATE KEY-----z",
      env: { API_TOKEN: "t0ps3cret", REGION: "eu", WAREHOUSE_URL: "postgres://u:pw@db/x" },
      memory: "1g",
    }).describe();
    assert.equal(described.engine, "tcp+tls://docker.example.test:2376");
    assert.deepEqual(described.env, { API_TOKEN: "<redacted>", REGION: "eu", WAREHOUSE_URL: "<redacted>" });
    assert.deepEqual(described.tls, { ca: "<redacted>", cert: "<redacted>", key: "<redacted>" });
    assert.equal(described.memory, "1g");
    assert.ok(!JSON.stringify(described).includes("t0ps3cret"));
  });
});
