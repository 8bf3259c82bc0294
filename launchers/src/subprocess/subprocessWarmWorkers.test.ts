// The subprocess launcher keeps a spare worker that has already imported the location, and uses it
// for the next run of that location (same version only).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { watch } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createSubprocessLauncher } from "./subprocessLauncher.ts";
import { launch, request } from "../../test/launchHarness.ts";

const markers = mkdtempSync(join(tmpdir(), "weir-import-markers-"));
const file = fileURLToPath(new URL("../../test/fixtures/importMarker.ts", import.meta.url));
const launcher = createSubprocessLauncher({ env: { WEIR_TEST_IMPORT_MARKER_DIR: markers } });
after(async () => {
  await launcher.dispose();
  rmSync(markers, { recursive: true, force: true });
});

/** Resolves with the pids that imported the location once there are `count` of them. */
async function importers(count: number): Promise<number[]> {
  const watcher = watch(markers);
  const list = () => readdirSync(markers).map(Number);
  if (list().length < count) for await (const _ of watcher) if (list().length >= count) break;
  return list();
}

test("the next run of a location starts on a spare worker that imported it beforehand", async () => {
  const location = { name: "importMarker", file, version: "v1" };
  const first = await launch(launcher, request("noop", { location }));
  assert.equal((await first.exit).exitCode, 0);
  const before = await importers(2); // the first run's worker and the spare
  const spare = before.find((pid) => pid !== first.workerInfo?.pid)!;

  const second = await launch(launcher, request("noop", { location }));
  assert.equal(second.workerInfo?.pid, spare, "the second run runs in the spare");
  assert.equal((await second.exit).exitCode, 0);
  assert.equal(second.events.at(-1)?.type, "RUN_SUCCESS");

  // A reloaded location (new version) never runs in a spare that imported the old code.
  const warmedBeforeReload = await importers(3); // a new spare was started after the second launch
  const reloaded = await launch(launcher, request("noop", { location: { ...location, version: "v2" } }));
  assert.ok(!warmedBeforeReload.includes(reloaded.workerInfo!.pid as number), "a fresh worker runs the new version");
  assert.equal((await reloaded.exit).exitCode, 0);
});
