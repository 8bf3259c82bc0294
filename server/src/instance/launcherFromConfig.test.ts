import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { resolveConfig } from "../config/weirConfig.ts";
import { LauncherConfigError, launcherFromConfig } from "./launcherFromConfig.ts";

const dir = mkdtempSync(join(tmpdir(), "weir-launcher-config-"));
writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
after(() => rmSync(dir, { recursive: true, force: true }));

test("--launcher names a built-in kind, which builds that launcher with the config's options", async () => {
  for (const kind of ["in-process", "subprocess"]) {
    const config = await resolveConfig({ launcher: kind }, {}, dir);
    assert.deepEqual(config.launcher, { kind, options: {} });
    const launcher = await launcherFromConfig(config.launcher, dir);
    assert.equal(launcher.name, kind);
    await launcher.dispose();
  }
});

test("a --launcher that is not a built-in kind is a module path, loaded relative to the working directory", async () => {
  writeFileSync(
    join(dir, "myLauncher.ts"),
    `export default (options: { label: string }) => ({ name: "custom-" + options.label, launch() {}, terminate() {},
      checkHealth() {}, dispose() {} });`,
  );
  const config = await resolveConfig({ launcher: "./myLauncher.ts" }, {}, dir);
  assert.deepEqual(config.launcher, { module: "./myLauncher.ts", options: {} });
  const launcher = await launcherFromConfig({ module: "./myLauncher.ts", options: { label: "x" } }, dir);
  assert.equal(launcher.name, "custom-x");
});

test("a launcher module that returns no RunLauncher is refused, naming the module", async () => {
  writeFileSync(join(dir, "notALauncher.ts"), `export default () => ({ launch() {} });`);
  await assert.rejects(
    launcherFromConfig({ module: "./notALauncher.ts", options: {} }, dir),
    (error: Error) => error instanceof LauncherConfigError && /notALauncher\.ts returned something without/.test(error.message),
  );
});

test("an unknown kind in weir.config.ts is a config error naming the file and the launcher field", async () => {
  writeFileSync(join(dir, "weir.config.ts"), `export default { launcher: { kind: "kubernetes" } };`);
  await assert.rejects(
    resolveConfig({ config: "weir.config.ts" }, {}, dir),
    /invalid Weir configuration in weir\.config\.ts: launcher/,
  );
});
