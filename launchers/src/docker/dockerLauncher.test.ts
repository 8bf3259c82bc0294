// What only the docker launcher does, against a real Docker engine (see test/dockerTestEngine.ts: without
// one the suite fails, naming the fix): labels, Init and per-run limits, reattaching after a restart, code
// baked into the image, and the engine, image and mount errors. The scenarios every launcher shares are in
// test/launcherScenarios.test.ts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildWorkerImage } from "./dockerImage.ts";
import { createDockerLauncher, RUN_ID_LABEL } from "./dockerLauncher.ts";
import type { WorkerExit } from "../runLauncher.ts";
import { engine, requireDockerEngine, TEST_IMAGE } from "../../test/dockerTestEngine.ts";
import { assertContiguous, fixtureFile, launch, request } from "../../test/launchHarness.ts";

const BAKED_IMAGE = "weir-worker:test-baked";

describe("docker launcher", () => {
  const launcher = createDockerLauncher({ image: TEST_IMAGE, gracePeriodMs: 3000 });
  before(requireDockerEngine);
  after(() => launcher.dispose());

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
    const exit = await new Promise<WorkerExit>((resolve, reject) => {
      second.reattach!(
        { runId: req.runId, workerInfo: before.workerInfo ?? null, afterSeq },
        { onEvent: (e) => rest.push(e), onExit: resolve },
      ).then((found) => (found ? undefined : reject(new Error("reattach found no container"))), reject);
    });
    assert.equal(exit.exitCode, 0, exit.stderrTail);
    const all = [...before.events.slice(0, seen), ...rest];
    assertContiguous(all, 1);
    assert.equal(all.filter((e) => e.type === "LOG" && e.data?.source === "stdout").length, 20_000);
    assert.equal(all.at(-1)?.type, "RUN_SUCCESS");
    assert.equal(
      await second.reattach!({ runId: "no-such-run", workerInfo: null, afterSeq: 0 }, { onEvent() {}, onExit() {} }),
      false,
    );
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
    await engine.docker
      .getImage(BAKED_IMAGE)
      .remove()
      .catch(() => undefined);
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

  test("a container gets what workerEnv names and its own env, never the server's secrets", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      WEIR_ADMIN_TOKEN: "weir_admin-secret-for-docker-test",
      PROBE_PASSED: "passed",
      PROBE_OTHER: "other",
    });
    try {
      const withEnv = createDockerLauncher({
        image: TEST_IMAGE,
        gracePeriodMs: 3000,
        env: { REGION: "eu" },
        workerEnv: { pass: ["PROBE_PASSED"], set: { PROBE_SET: "set" } },
      });
      const req = request("slow");
      const run = await launch(withEnv, req);
      await run.waitFor("STEP_START");
      const info = await engine.docker.getContainer(run.workerInfo!.containerId as string).inspect();
      const env = Object.fromEntries(info.Config.Env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
      assert.equal(env.PROBE_PASSED, "passed");
      assert.equal(env.PROBE_SET, "set");
      assert.equal(env.REGION, "eu");
      assert.equal(env.PROBE_OTHER, undefined);
      assert.equal(env.WEIR_ADMIN_TOKEN, undefined);
      await withEnv.terminate(req.runId);
      await run.exit;
      await withEnv.dispose();
    } finally {
      for (const name of ["WEIR_ADMIN_TOKEN", "PROBE_PASSED", "PROBE_OTHER"]) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  test("an image outside docker.allowedImages fails the launch naming it, and starts no container", async () => {
    const guarded = createDockerLauncher({ image: TEST_IMAGE, allowedImages: ["registry.internal/weir-*"] });
    const req = request("succeed", { tags: { "weir/docker/image": "evil.example/miner:latest" } });
    await assert.rejects(
      guarded.launch(req, { onEvent() {}, onExit() {} }),
      new RegExp(
        `cannot start run ${req.runId} in Docker: image "evil\\.example/miner:latest" \\(tag weir/docker/image\\) is not allowed; ` +
          `docker\\.allowedImages lists registry\\.internal/weir-\\* \\(and the default ${TEST_IMAGE.replace(/[.:]/g, "\\$&")}\\)`,
      ),
    );
    const containers = await engine.docker.listContainers({ all: true, filters: { label: [`${RUN_ID_LABEL}=${req.runId}`] } });
    assert.equal(containers.length, 0);
    // The default image, and an allowed one, still start (the latter fails only because it does not exist here).
    const ok = await launch(guarded, request("succeed"));
    assert.equal((await ok.exit).exitCode, 0);
    await assert.rejects(
      guarded.launch(request("succeed", { tags: { "weir/docker/image": "registry.internal/weir-etl:1" } }), {
        onEvent() {},
        onExit() {},
      }),
      /image registry\.internal\/weir-etl:1 not found on the Docker engine/,
    );
    await guarded.dispose();
  });

  test("a mount path that does not exist fails the launch naming it", async () => {
    const badMount = createDockerLauncher({ image: TEST_IMAGE, mounts: [{ source: "/nonexistent/weir-data", readOnly: true }] });
    await assert.rejects(
      badMount.launch(request("succeed"), { onEvent() {}, onExit() {} }),
      /mount source \/nonexistent\/weir-data does not exist/,
    );
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
