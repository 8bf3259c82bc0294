// `weir init` through the real CLI (bin/weir.js), in scratch packages: what it writes, what it prints, what it refuses.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { RunStatus } from "@weir/sdk";
import { isFinished } from "@weir/sdk/statuses";
import { gqlAt, WEIR_BIN } from "../../test/weirProcess.ts";

const repoNodeModules = fileURLToPath(new URL("../../../node_modules", import.meta.url));

const scratch = mkdtempSync(join(tmpdir(), "weir-init-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function freshPackage(pkg: Record<string, unknown> | null): string {
  const dir = join(scratch, `pkg${++counter}`);
  mkdirSync(dir);
  if (pkg) writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  return dir;
}

function weir(cwd: string, args: string[]) {
  const child = spawnSync(process.execPath, [WEIR_BIN, ...args], { cwd, encoding: "utf8" });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

test("weir init adds Weir to the package in the current directory and prints the next steps", () => {
  const dir = freshPackage({ name: "shop", version: "1.0.0", scripts: { dev: "vite" }, dependencies: { zod: "^4.1.0" } });
  const { code, stdout, stderr } = weir(dir, ["init"]);
  assert.equal(code, 0, stderr);

  for (const file of ["weir.config.ts", "definitions.ts", "test/definitions.test.ts", "tsconfig.json", "README.md", ".gitignore"])
    assert.ok(existsSync(join(dir, file)), file);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  assert.equal(pkg.scripts.dev, "vite", "the package's own dev script is kept");
  assert.equal(pkg.scripts["weir:dev"], "weir dev");
  assert.equal(pkg.scripts.test, "node --import tsx --test test/definitions.test.ts");
  assert.deepEqual(Object.keys(pkg.dependencies), ["zod", "@weir/sdk", "@weir/server"]);

  assert.match(stdout, /^Added Weir to shop in \.\n/);
  assert.match(stdout, /updated {6}package\.json \(scripts\.weir:dev, scripts\.test, dependencies\.@weir\/sdk/);
  assert.match(
    stdout,
    /Next steps:\n {2}npm install\n {2}npm run weir:dev +# Weir's API, scheduler and UI: open http:\/\/127\.0\.0\.1:3001\n {2}npm test +# runs the job/,
  );
  assert.doesNotMatch(stdout, /\bcd /, "no cd step: the project is the current directory");
});

test("weir init --dir writes into another package; a second run refuses to overwrite, --force does", () => {
  const cwd = freshPackage(null);
  const dir = freshPackage({ name: "other", version: "1.0.0" });
  const first = weir(cwd, ["init", "--dir", dir]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Next steps:\n {2}cd \.\.\/pkg\d+\n {2}npm install\n {2}npm run dev /);

  const second = weir(cwd, ["init", "--dir", dir]);
  assert.equal(second.code, 1);
  assert.equal(
    second.stderr,
    `weir: ${dir} already has weir.config.ts, definitions.ts, test/definitions.test.ts: Weir would overwrite them; move them away, or pass --force to overwrite\n`,
  );

  writeFileSync(join(dir, "definitions.ts"), "// edited\n");
  const forced = weir(cwd, ["init", "--dir", dir, "--force"]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /overwritten {2}weir\.config\.ts, definitions\.ts, test\/definitions\.test\.ts\n/);
  assert.match(readFileSync(join(dir, "definitions.ts"), "utf8"), /defineDefinitions/);
});

test("weir init without a package.json says how to make one, and writes nothing", () => {
  const dir = freshPackage(null);
  const { code, stdout, stderr } = weir(dir, ["init"]);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.equal(stderr, `weir: no package.json in ${dir}: run \`npm init -y\` first, or use \`npm create weir@latest ${dir}\`\n`);
  assert.equal(existsSync(join(dir, "definitions.ts")), false);
});

/** `weir server` started from the project's directory, as its npm scripts run it; resolves with its API URL. */
async function serveProject(dir: string) {
  const child = spawn(process.execPath, [WEIR_BIN, "server", "--port", "0", "--auth", "off"], {
    cwd: dir,
    env: { ...process.env, WEIR_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /^weir api listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`weir server exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      child.kill("SIGINT");
      return (await exited)[0] as number | null;
    },
  };
}

test("an `npm init -y` package after weir init: the server loads its weir.config.ts and definitions, and the job's run succeeds", async () => {
  // What npm 11's `npm init -y` writes: a CommonJS package, so tsx runs the scaffolded .ts files as CommonJS.
  const dir = freshPackage({
    name: "app",
    version: "1.0.0",
    main: "index.js",
    scripts: { test: 'echo "Error: no test specified" && exit 1' },
    license: "ISC",
    type: "commonjs",
  });
  assert.equal(weir(dir, ["init"]).code, 0);
  // As `npm install` would: @weir/sdk, @weir/server and tsx resolve from the project's node_modules.
  symlinkSync(repoNodeModules, join(dir, "node_modules"), "dir");

  const server = await serveProject(dir);
  try {
    const { codeLocations, schedules } = await gqlAt(
      server.url,
      "{ codeLocations { name status error { message } } schedules { name status } }",
    );
    assert.deepEqual(codeLocations, [{ name: "pipelines", status: "LOADED", error: null }]);
    assert.deepEqual(schedules, [{ name: "refresh_orders_daily", status: "STOPPED" }]);

    const { launchRun } = await gqlAt(
      server.url,
      `mutation { launchRun(input: { job: "refresh_orders" }) { __typename ... on LaunchRunSuccess { run { id } } } }`,
    );
    assert.equal(launchRun.__typename, "LaunchRunSuccess");
    const deadline = Date.now() + 60_000;
    let run: { status: RunStatus; failureReason: string | null };
    for (;;) {
      ({ run } = await gqlAt(server.url, "query($id: ID!) { run(id: $id) { status failureReason } }", { id: launchRun.run.id }));
      if (isFinished(run.status) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(run, { status: "SUCCESS", failureReason: null });
    const { assets } = await gqlAt(server.url, "{ assets { key } }");
    assert.deepEqual(assets.map((a: { key: string }) => a.key).toSorted(), ["raw_orders", "revenue_by_customer"]);
  } finally {
    assert.equal(await server.stop(), 0, server.stderr());
  }

  // The project's own test passes too (the child reports to its own stdout, not to this test runner).
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  // The linked @weir packages resolve to the repository's sources (they have no dist/ unless built).
  const env = { ...inherited, NODE_OPTIONS: "--conditions=weir-source" };
  const npmTest = spawnSync("npm", ["test"], { cwd: dir, env, encoding: "utf8" });
  assert.equal(npmTest.status, 0, npmTest.stdout + npmTest.stderr);
  assert.match(npmTest.stdout, /# pass 1\n/);
});
