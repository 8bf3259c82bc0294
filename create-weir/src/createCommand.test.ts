// The create-weir command as `npm create weir` runs it: a child process in a scratch directory, its output and exit code.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("./main.ts", import.meta.url));
// Resolved here: the scratch directories have no node_modules of their own.
const tsxLoader = createRequire(import.meta.url).resolve("tsx");
const scratch = mkdtempSync(join(tmpdir(), "create-weir-cli-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function freshCwd(): string {
  const dir = join(scratch, `c${++counter}`);
  mkdirSync(dir);
  return dir;
}

function createWeir(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawnSync(process.execPath, ["--import", tsxLoader, main, ...args], {
    cwd,
    env: { ...process.env, npm_config_user_agent: "npm/11.19.1 node/v20.20.2 linux x64 workspaces/false", ...env },
    encoding: "utf8",
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

test("with no directory it creates my-pipelines and prints the next steps", () => {
  const cwd = freshCwd();
  const { code, stdout, stderr } = createWeir(cwd, []);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, "");
  assert.ok(existsSync(join(cwd, "my-pipelines", "definitions.ts")));
  assert.equal(JSON.parse(readFileSync(join(cwd, "my-pipelines", "package.json"), "utf8")).name, "my-pipelines");
  assert.match(stdout, /^Created the Weir project my-pipelines in my-pipelines\n/);
  assert.match(
    stdout,
    /Next steps:\n {2}cd my-pipelines\n {2}npm install\n {2}npm run dev +# Weir's API, scheduler and UI: open http:\/\/127\.0\.0\.1:3001\n {2}npm test +# runs the job in-process/,
  );
});

test("a directory that is not empty is refused with one line on stderr and exit code 1", () => {
  const cwd = freshCwd();
  assert.equal(createWeir(cwd, ["pipes"]).code, 0);
  const again = createWeir(cwd, ["pipes"]);
  assert.equal(again.code, 1);
  assert.equal(again.stdout, "");
  assert.equal(
    again.stderr,
    `create-weir: ${join(cwd, "pipes")} is not empty (7 entries): to add Weir to the package it holds, run \`npx weir init\` there\n`,
  );

  // --force writes into it, overwriting Weir's own files.
  writeFileSync(join(cwd, "pipes", "definitions.ts"), "// edited\n");
  const forced = createWeir(cwd, ["pipes", "--force"]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /overwritten {2}package\.json, weir\.config\.ts, definitions\.ts, test\/definitions\.test\.ts\n/);
  assert.match(forced.stdout, /kept yours {3}tsconfig\.json, README\.md\n/);
  assert.match(readFileSync(join(cwd, "pipes", "definitions.ts"), "utf8"), /defineDefinitions/);
});

test("--help prints the usage; an unknown flag or a second directory is a usage error (exit 2)", () => {
  const cwd = freshCwd();
  const help = createWeir(cwd, ["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: npm create weir@latest \[DIR\] -- \[--force\] \[--install\]\n/);
  assert.match(help.stdout, /`npx weir init`/);

  const unknown = createWeir(cwd, ["pipes", "--typescript"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^create-weir: Unknown option '--typescript'/);
  assert.match(unknown.stderr, /\nusage: /);

  const two = createWeir(cwd, ["a", "b"]);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /^create-weir: one directory expected, got a b\n/);
  assert.equal(existsSync(join(cwd, "a")) || existsSync(join(cwd, "pipes")), false, "nothing written on a usage error");
});

/** A package manager first on PATH that records where and how it ran, and exits with `exitCode`. */
function fakeNpm(exitCode: number, name = "npm"): { binDir: string; log: string } {
  const binDir = freshCwd();
  const log = join(binDir, "calls.log");
  writeFileSync(join(binDir, name), `#!/bin/sh\necho "$(pwd) $*" >> "${log}"\nexit ${exitCode}\n`);
  chmodSync(join(binDir, name), 0o755);
  return { binDir, log };
}

test("--install runs npm install in the new project, and the next steps no longer list it", () => {
  const cwd = freshCwd();
  const npm = fakeNpm(0);
  const { code, stdout, stderr } = createWeir(cwd, ["pipes", "--install"], {
    PATH: `${npm.binDir}${delimiter}${process.env.PATH}`,
  });
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(npm.log, "utf8"), `${join(cwd, "pipes")} install\n`);
  assert.match(stdout, /^Installing dependencies in pipes \(npm install\)\.\.\.\n/);
  assert.match(stdout, /Next steps:\n {2}cd pipes\n {2}npm run dev/);
});

test("a failed npm install exits 1 and says the files are written", () => {
  const cwd = freshCwd();
  const npm = fakeNpm(3);
  const { code, stderr } = createWeir(cwd, ["pipes", "--install"], { PATH: `${npm.binDir}${delimiter}${process.env.PATH}` });
  assert.equal(code, 1);
  assert.equal(
    stderr,
    `create-weir: npm install failed in ${join(cwd, "pipes")} (exit 3): the files are written; run it again there\n`,
  );
  assert.ok(existsSync(join(cwd, "pipes", "weir.config.ts")));
});

test("`pnpm create weir`: the install and the next steps use pnpm", () => {
  const cwd = freshCwd();
  const pnpm = fakeNpm(0, "pnpm");
  const { code, stdout, stderr } = createWeir(cwd, ["pipes", "--install"], {
    PATH: `${pnpm.binDir}${delimiter}${process.env.PATH}`,
    npm_config_user_agent: "pnpm/9.12.0 npm/? node/v20.20.2 linux x64",
  });
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(pnpm.log, "utf8"), `${join(cwd, "pipes")} install\n`);
  assert.match(stdout, /^Installing dependencies in pipes \(pnpm install\)\.\.\.\n/);
  assert.match(stdout, /Next steps:\n {2}cd pipes\n {2}pnpm dev +# Weir's API.*\n {2}pnpm test +# runs the job/);
});
