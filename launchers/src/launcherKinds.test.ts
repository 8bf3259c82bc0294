import assert from "node:assert/strict";
import { test } from "node:test";
import { isLauncherKind, LAUNCHER_KINDS, loadLauncherFactory } from "./launcherKinds.ts";

test("the built-in kinds are in-process, subprocess and docker, in that order", () => {
  assert.deepEqual(LAUNCHER_KINDS, ["in-process", "subprocess", "docker"]);
  assert.equal(isLauncherKind("subprocess"), true);
  assert.equal(isLauncherKind("./myLauncher.ts"), false);
  assert.equal(isLauncherKind("toString"), false);
});

test("each kind loads a factory that builds a launcher with launch, terminate, checkHealth and dispose", async () => {
  for (const kind of LAUNCHER_KINDS) {
    const create = await loadLauncherFactory(kind);
    assert.equal(typeof create, "function", kind);
    // The docker factory connects to an engine; building it is covered by the docker launcher's tests.
    if (kind === "docker") continue;
    const launcher = create({});
    for (const method of ["launch", "terminate", "checkHealth", "dispose"] as const) {
      assert.equal(typeof launcher[method], "function", `${kind}.${method}`);
    }
    await launcher.dispose();
  }
});
