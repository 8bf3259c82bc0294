// The Docker engine the docker launcher tests run against (`npm test` starts one with
// scripts/docker-engine.sh). Without one they fail, naming the fix: a missing dependency is never a
// silent skip.
import assert from "node:assert/strict";
import { connectDockerEngine } from "../src/docker/dockerEngine.ts";
import { buildWorkerImage } from "../src/docker/dockerImage.ts";

/** The worker image the tests run: this host's node, no code baked in (the launcher mounts it). */
export const TEST_IMAGE = "weir-worker:test";

export const engine = connectDockerEngine();

let ready: Promise<void> | undefined;

/** Fails when no engine answers; otherwise builds TEST_IMAGE, once per test process. */
export function requireDockerEngine(): Promise<void> {
  ready ??= (async () => {
    try {
      await engine.docker.ping();
    } catch (error) {
      assert.fail(
        `no Docker engine answers at ${engine.where} (${(error as Error).message}). ` +
          "Start one with `bash scripts/docker-engine.sh start` (npm test does)",
      );
    }
    await buildWorkerImage({ engine, tag: TEST_IMAGE });
  })();
  return ready;
}
