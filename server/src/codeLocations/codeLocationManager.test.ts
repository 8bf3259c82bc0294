import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createCodeLocationManager, type CodeLocationManager } from "./codeLocationManager.ts";
import { CodeServerCallError, CodeServerTimeoutError, DuplicateCodeLocationError } from "./codeLocationErrors.ts";
import { defaultLocationName } from "./locationName.ts";

const fixtures = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const locations = path.join(fixtures, "locations");
const good = path.join(locations, "good", "definitions.ts");

const managers: CodeLocationManager[] = [];
function manage(manager: CodeLocationManager): CodeLocationManager {
  managers.push(manager);
  return manager;
}
after(async () => {
  await Promise.all(managers.map((m) => m.dispose()));
});

describe("code location manager", () => {
  test("a good location loads and describes its definitions", async () => {
    const manager = manage(createCodeLocationManager({ locations: [{ file: good }] }));
    const changes: string[] = [];
    manager.onChange((l) => changes.push(`${l.name}:${l.status}`));
    await manager.start();
    const [location] = manager.list();
    assert.equal(location.name, "good");
    assert.equal(location.status, "LOADED", location.error?.message);
    assert.ok(location.loadedAt instanceof Date);
    assert.ok(location.version);
    assert.deepEqual(changes, ["good:LOADING", "good:LOADED"]);
    const snapshot = location.snapshot!;
    assert.ok(snapshot.jobs.some((j) => j.name === "greeting"));
    assert.deepEqual(snapshot.assets.map((a) => a.key).sort(), ["raw/numbers", "total"]);
    assert.deepEqual(snapshot.schedules.map((s) => s.name).sort(), ["hourly_greeting", "never_greeting"]);

    assert.equal(manager.findJob("greeting")?.location.name, "good");
    assert.equal(manager.findJob("nope"), undefined);
    assert.equal(manager.findAsset("raw/numbers")?.asset.key, "raw/numbers");
    assert.equal(manager.findSchedule("hourly_greeting")?.location.name, "good");
    assert.equal(manager.findSensor("counter")?.sensor.name, "counter");
  });

  test("schedules, sensors and config validation are evaluated in the code server", async () => {
    const manager = manage(createCodeLocationManager({ locations: [{ file: good }] }));
    await manager.start();

    const tick = await manager.evaluateSchedule("good", "hourly_greeting", new Date("2026-01-01T10:00:00Z"));
    assert.equal(tick.skipReason, null);
    assert.equal(tick.runRequests.length, 1);
    assert.equal(tick.runRequests[0].jobName, "greeting");
    assert.deepEqual(tick.runRequests[0].config, { ops: { greet: { name: "tick 2026-01-01T10:00:00.000Z" } } });

    const skipped = await manager.evaluateSchedule("good", "never_greeting", "2026-01-01T10:00:00Z");
    assert.equal(skipped.runRequests.length, 0);
    assert.match(skipped.skipReason ?? "", /shouldRun/);

    const first = await manager.evaluateSensor("good", "counter", null);
    assert.equal(first.cursor, "1");
    assert.equal(first.runRequests[0].runKey, "run-1");
    const second = await manager.evaluateSensor("good", "counter", first.cursor);
    assert.equal(second.cursor, "2");

    const valid = await manager.validateConfig("good", { job: "greeting" }, { ops: { greet: { name: "x" } } });
    assert.equal(valid.ok, true);
    const invalid = await manager.validateConfig("good", { job: "greeting" }, { ops: { greet: { name: 42 } } });
    assert.equal(invalid.ok, false);

    await assert.rejects(manager.evaluateSensor("good", "throws", null), (error: unknown) => {
      assert.ok(error instanceof CodeServerCallError);
      assert.match(error.message, /Code location "good" failed in evaluateSensor: sensor exploded/);
      return true;
    });
    assert.equal(manager.get("good")?.status, "LOADED");
    await assert.rejects(manager.evaluateSensor("good", "missing", null), /No sensor named "missing"/);
  });

  test("broken locations are listed in ERROR beside a good one that keeps serving", async () => {
    const manager = manage(
      createCodeLocationManager({
        locations: [
          { file: good },
          { file: path.join(locations, "throwsAtImport.ts") },
          { file: path.join(locations, "syntaxError.ts") },
          { file: path.join(locations, "definitionError.ts") },
          { file: path.join(locations, "notDefinitions.ts") },
          { name: "ghost", file: path.join(locations, "doesNotExist.ts") },
        ],
      }),
    );
    await manager.start();
    const byName = new Map(manager.list().map((l) => [l.name, l]));
    assert.equal(byName.get("good")?.status, "LOADED");

    const threw = byName.get("throwsAtImport")!;
    assert.equal(threw.status, "ERROR");
    assert.match(threw.error!.message, /warehouse credentials are missing/);
    assert.match(threw.error!.message, /throwsAtImport\.ts/);
    assert.equal(threw.error!.file, path.join(locations, "throwsAtImport.ts"));
    assert.equal(threw.error!.line, 6);

    const syntax = byName.get("syntaxError")!;
    assert.equal(syntax.status, "ERROR");
    assert.equal(syntax.error!.file, path.join(locations, "syntaxError.ts"));
    assert.equal(syntax.error!.line, 5);

    const definition = byName.get("definitionError")!;
    assert.equal(definition.status, "ERROR");
    assert.match(definition.error!.message, /same/);

    const notDefs = byName.get("notDefinitions")!;
    assert.equal(notDefs.status, "ERROR");
    assert.match(notDefs.error!.message, /must default-export defineDefinitions/);

    const ghost = byName.get("ghost")!;
    assert.equal(ghost.status, "ERROR");
    assert.match(ghost.error!.message, /not found: .*doesNotExist\.ts/);

    assert.equal((await manager.evaluateSensor("good", "counter", "41")).cursor, "42");
    await assert.rejects(
      manager.evaluateSensor("throwsAtImport", "counter", null),
      /Code location "throwsAtImport" is not available: .*warehouse/,
    );
  });

  test("a hung sensor times out with a clear error and the location keeps answering", async () => {
    const manager = manage(createCodeLocationManager({ locations: [{ file: good }], timeouts: { evaluateMs: 1500 } }));
    await manager.start();
    const started = Date.now();
    await assert.rejects(manager.evaluateSensor("good", "hung", null), (error: unknown) => {
      assert.ok(error instanceof CodeServerTimeoutError);
      assert.match(error.message, /Code location "good" did not answer evaluateSensor within 1500 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 5000);
    const snapshot = await manager.describe("good");
    assert.ok(snapshot.jobs.some((j) => j.name === "greeting"));
    assert.equal((await manager.evaluateSensor("good", "counter", null)).cursor, "1");
    assert.equal(manager.get("good")?.status, "LOADED");
  });

  test("a code server that dies marks its location ERROR with the exit code and its last output", async () => {
    const manager = manage(createCodeLocationManager({ locations: [{ file: good }] }));
    await manager.start();
    await assert.rejects(manager.evaluateSensor("good", "exits", null), /exited unexpectedly \(exit code 7\)/);
    const location = manager.get("good")!;
    assert.equal(location.status, "ERROR");
    assert.match(location.error!.message, /exit code 7/);
    assert.match(location.error!.message, /about to exit from a sensor/);
    const reloaded = await manager.reload("good");
    assert.equal(reloaded.status, "LOADED");
  });

  test("reload picks up an edited file", async () => {
    // Inside the repo, so the temporary location resolves @weir/sdk like any other.
    const dir = path.join(locations, `.tmp-${randomBytes(4).toString("hex")}`, "editable");
    await mkdir(dir, { recursive: true });
    after(() => rm(path.dirname(dir), { recursive: true, force: true }));
    const file = path.join(dir, "definitions.ts");
    const source = (jobs: string[]) => `
      import { defineDefinitions, defineJob, defineOp } from "@weir/sdk";
      const op = defineOp({ name: "work", run: async () => 1 });
      export default defineDefinitions({ jobs: [${jobs.map((j) => `defineJob({ name: "${j}", ops: [op] })`).join(", ")}] });
    `;
    await writeFile(file, source(["first"]));
    const manager = manage(createCodeLocationManager({ locations: [{ file }] }));
    await manager.start();
    assert.equal(manager.get("editable")?.status, "LOADED", manager.get("editable")?.error?.message);
    const firstVersion = manager.get("editable")!.version;
    assert.ok(manager.findJob("first"));
    assert.equal(manager.findJob("second"), undefined);

    await writeFile(file, source(["first", "second"]));
    const reloaded = await manager.reload("editable");
    assert.equal(reloaded.status, "LOADED");
    assert.notEqual(reloaded.version, firstVersion);
    assert.equal(manager.findJob("second")?.location.name, "editable");

    await writeFile(file, "export default defineDefinitions(");
    assert.equal((await manager.reload("editable")).status, "ERROR");
    assert.equal(manager.findJob("first"), undefined);
  });

  test("two locations with one name are refused", () => {
    assert.throws(
      () => createCodeLocationManager({ locations: [{ file: good }, { file: path.join(locations, "other", "good.ts") }] }),
      DuplicateCodeLocationError,
    );
  });
});

test("default location names", () => {
  assert.equal(defaultLocationName("examples/quickstart/definitions.ts"), "quickstart");
  assert.equal(defaultLocationName("/a/b/pipelines/index.js"), "pipelines");
  assert.equal(defaultLocationName("/a/b/etl.ts"), "etl");
  assert.equal(defaultLocationName("sales.mts"), "sales");
});
