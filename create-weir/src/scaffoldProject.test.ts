// scaffoldProject on real directories: the files a new project gets, that its definitions load and its job runs
// (with this repository's @weir/sdk linked in, as an install would), and what `weir init` does to an existing package.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Definitions, executeInProcess } from "@weir/sdk";
import { EXISTING_PROJECT_TEST_SCRIPT } from "./packageJson.ts";
import { ScaffoldError } from "./scaffoldError.ts";
import { scaffoldProject } from "./scaffoldProject.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const ownVersion = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version as string;
const scratch = mkdtempSync(join(tmpdir(), "create-weir-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function freshDir(): string {
  return join(scratch, `p${++counter}`);
}

function readJson(file: string): Record<string, any> {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** A package as `npm init -y` (npm 11) writes it. */
function npmInitPackage(dir: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: "app",
    version: "1.0.0",
    main: "index.js",
    scripts: { test: 'echo "Error: no test specified" && exit 1' },
    license: "ISC",
    type: "commonjs",
    ...extra,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
}

const PROJECT_FILES = [
  "package.json",
  "weir.config.ts",
  "definitions.ts",
  "test/definitions.test.ts",
  "tsconfig.json",
  "README.md",
  ".gitignore",
];

test("new mode writes a project named after its directory, depending on this release of Weir", () => {
  const dir = join(freshDir(), "My Pipelines");
  const result = scaffoldProject({ dir, mode: "new" });

  assert.deepEqual(result.created.toSorted(), PROJECT_FILES.toSorted());
  for (const file of PROJECT_FILES) assert.ok(existsSync(join(dir, file)), file);
  const pkg = readJson(join(dir, "package.json"));
  assert.equal(pkg.name, "my-pipelines");
  assert.equal(pkg.type, "module");
  assert.equal(pkg.private, true);
  assert.deepEqual(pkg.scripts, {
    dev: "weir dev",
    test: "node --import tsx --test test/*.test.ts",
    typecheck: "tsc --noEmit",
  });
  assert.deepEqual(pkg.dependencies, { "@weir/sdk": `^${ownVersion}`, "@weir/server": `^${ownVersion}` });
  const rootDev = readJson(join(repoRoot, "package.json")).devDependencies;
  assert.deepEqual(pkg.devDependencies, {
    "@types/node": rootDev["@types/node"],
    tsx: rootDev.tsx,
    typescript: rootDev.typescript,
  });
  assert.match(
    readFileSync(join(dir, "weir.config.ts"), "utf8"),
    /locations: \[\{ name: "pipelines", file: "\.\/definitions\.ts" \}\]/,
  );
  assert.deepEqual(readFileSync(join(dir, ".gitignore"), "utf8").trim().split("\n"), ["node_modules", ".weir"]);
  const readme = readFileSync(join(dir, "README.md"), "utf8");
  assert.match(readme, /^# my-pipelines\n/);
  assert.match(readme, /npm run dev {6}# weir dev/);
  assert.match(readme, /npm test {9}# runs the job in-process/);
});

/**
 * The environment of the project's own commands: its test runner reports to its own stdout (no NODE_TEST_CONTEXT),
 * and @weir/* resolve to the repository's sources (the linked packages have no dist/ unless built).
 */
function projectEnv(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return { ...env, NODE_OPTIONS: "--conditions=weir-source" };
}

/** A scaffolded directory that resolves @weir/sdk, @weir/server, tsx and typescript from this repository. */
function linkedProject(dir: string): void {
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
}

test("the new project's definitions load, and its job materializes both assets", async () => {
  const dir = freshDir();
  scaffoldProject({ dir, mode: "new" });
  linkedProject(dir);

  const mod = (await import(pathToFileURL(join(dir, "definitions.ts")).href)) as { default: Definitions };
  const defs = mod.default;
  assert.deepEqual([...defs.jobsByName.keys()], ["refresh_orders"]);
  assert.deepEqual(
    defs.schedules.map((s) => [s.name, s.cron, s.defaultStatus]),
    [["refresh_orders_daily", "0 6 * * *", "STOPPED"]],
  );

  const result = await executeInProcess(defs, { job: "refresh_orders" }, { instanceDir: join(dir, ".weir") });
  assert.equal(result.success, true, JSON.stringify(result.events.filter((e) => e.type.endsWith("FAILURE"))));
  assert.equal(result.events.at(-1)?.type, "RUN_SUCCESS");
  const materialized = result.events.filter((e) => e.type === "ASSET_MATERIALIZATION").map((e) => e.stepKey);
  assert.deepEqual(materialized, ["raw_orders", "revenue_by_customer"]);
  assert.deepEqual(result.outputs.revenue_by_customer, { ada: 37.5, grace: 12.5 });
});

/** The project's own `npm test` passes (one test) and `tsc` type-checks it. */
function assertProjectTestsAndTypes(dir: string): void {
  const run = spawnSync("npm", ["test"], { cwd: dir, env: projectEnv(), encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /# pass 1\n/);
  assert.match(run.stdout, /# fail 0\n/);
  const tsc = spawnSync(
    process.execPath,
    [join(repoRoot, "node_modules/typescript/bin/tsc"), "--noEmit", "--customConditions", "weir-source", "-p", dir],
    { cwd: dir, encoding: "utf8" },
  );
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
}

test("the new project's own test passes and the project type-checks", () => {
  const dir = freshDir();
  scaffoldProject({ dir, mode: "new" });
  linkedProject(dir);
  assertProjectTestsAndTypes(dir);
});

test("an `npm init -y` (CommonJS) package after existing mode passes its new test and type-checks", () => {
  const dir = freshDir();
  npmInitPackage(dir);
  scaffoldProject({ dir, mode: "existing" });
  linkedProject(dir);
  assertProjectTestsAndTypes(dir);
});

test("new mode refuses a non-empty directory in one line, and says when `weir init` is what was meant", () => {
  const dir = freshDir();
  mkdirSync(dir);
  writeFileSync(join(dir, "notes.txt"), "mine");
  assert.throws(
    () => scaffoldProject({ dir, mode: "new" }),
    (error: Error) =>
      error instanceof ScaffoldError &&
      error.message === `${dir} is not empty (1 entries): choose a new directory, or pass --force to write into it`,
  );
  npmInitPackage(dir);
  assert.throws(
    () => scaffoldProject({ dir, mode: "new" }),
    /is not empty \(2 entries\): to add Weir .* run `npx weir init` there/,
  );
  assert.equal(readFileSync(join(dir, "notes.txt"), "utf8"), "mine");
  assert.equal(existsSync(join(dir, "definitions.ts")), false, "nothing written");

  // An empty directory (a fresh `git init` included) is fine.
  const empty = freshDir();
  mkdirSync(join(empty, ".git"), { recursive: true });
  assert.ok(scaffoldProject({ dir: empty, mode: "new" }).created.includes("definitions.ts"));
});

test("existing mode merges into package.json: keeps the package's own scripts, indentation and fields", () => {
  const dir = freshDir();
  mkdirSync(dir);
  const original = {
    name: "@acme/data",
    version: "3.1.0",
    description: "our data",
    scripts: { dev: "vite", test: "vitest", build: "tsc" },
    dependencies: { zod: "^4.1.0", "@weir/sdk": "^0.0.9" },
    devDependencies: { typescript: "^5.4.0" },
    prettier: { semi: false },
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(original, null, 4)}\n`);

  const result = scaffoldProject({ dir, mode: "existing" });
  assert.deepEqual(result.scripts, { dev: "weir:dev", test: "weir:test" });
  const text = readFileSync(join(dir, "package.json"), "utf8");
  assert.match(text, /^\{\n {4}"name": "@acme\/data",\n/, "4-space indentation kept");
  assert.ok(text.endsWith("}\n"));
  const pkg = JSON.parse(text);
  assert.deepEqual(pkg.scripts, {
    dev: "vite",
    test: "vitest",
    build: "tsc",
    "weir:dev": "weir dev",
    "weir:test": EXISTING_PROJECT_TEST_SCRIPT,
  });
  // Declared dependencies keep their ranges; only the missing ones are added.
  assert.deepEqual(pkg.dependencies, { zod: "^4.1.0", "@weir/sdk": "^0.0.9", "@weir/server": `^${ownVersion}` });
  assert.deepEqual(Object.keys(pkg.devDependencies), ["typescript", "@types/node", "tsx"]);
  assert.equal(pkg.devDependencies.typescript, "^5.4.0");
  assert.deepEqual(pkg.prettier, { semi: false });
  assert.equal(pkg.description, "our data");
  assert.deepEqual(result.updated, [
    {
      path: "package.json",
      added: [
        "scripts.weir:dev",
        "scripts.weir:test",
        "dependencies.@weir/server",
        "devDependencies.@types/node",
        "devDependencies.tsx",
      ],
    },
  ]);
  assert.match(readFileSync(join(dir, "README.md"), "utf8"), /npm run weir:dev +# weir dev/);
});

test("existing mode on an `npm init -y` package: dev and test become Weir's, the placeholder test is replaced", () => {
  const dir = freshDir();
  npmInitPackage(dir);
  const result = scaffoldProject({ dir, mode: "existing" });
  assert.deepEqual(result.scripts, { dev: "dev", test: "test" });
  const pkg = readJson(join(dir, "package.json"));
  assert.deepEqual(pkg.scripts, { test: EXISTING_PROJECT_TEST_SCRIPT, dev: "weir dev" });
  assert.equal(pkg.type, "commonjs", "the package's module type is its own");
  assert.equal(pkg.name, "app");
  assert.equal(result.name, "app");
  assert.deepEqual(
    result.created,
    PROJECT_FILES.filter((f) => f !== "package.json"),
  );
});

test("existing mode keeps the package's tsconfig.json and README.md, and adds only missing .gitignore lines", () => {
  const dir = freshDir();
  npmInitPackage(dir);
  writeFileSync(join(dir, "tsconfig.json"), '{ "compilerOptions": { "strict": true } }\n');
  writeFileSync(join(dir, "README.md"), "# app\n");
  writeFileSync(join(dir, ".gitignore"), "dist\n/node_modules/");

  const result = scaffoldProject({ dir, mode: "existing" });
  assert.deepEqual(result.kept, ["tsconfig.json", "README.md"]);
  assert.equal(readFileSync(join(dir, "tsconfig.json"), "utf8"), '{ "compilerOptions": { "strict": true } }\n');
  assert.equal(readFileSync(join(dir, "README.md"), "utf8"), "# app\n");
  assert.equal(readFileSync(join(dir, ".gitignore"), "utf8"), "dist\n/node_modules/\n.weir\n");
  assert.deepEqual(result.updated.at(-1), { path: ".gitignore", added: [".weir"] });
});

test("existing mode never overwrites Weir's files without --force, and lists them", () => {
  const dir = freshDir();
  npmInitPackage(dir);
  const before = readFileSync(join(dir, "package.json"), "utf8");
  writeFileSync(join(dir, "definitions.ts"), "export default 1;\n");
  mkdirSync(join(dir, "test"));
  writeFileSync(join(dir, "test/definitions.test.ts"), "// mine\n");

  assert.throws(
    () => scaffoldProject({ dir, mode: "existing" }),
    (error: Error) =>
      error instanceof ScaffoldError &&
      error.message ===
        `${dir} already has definitions.ts, test/definitions.test.ts: Weir would overwrite them; move them away, or pass --force to overwrite`,
  );
  assert.equal(readFileSync(join(dir, "definitions.ts"), "utf8"), "export default 1;\n");
  assert.equal(readFileSync(join(dir, "package.json"), "utf8"), before, "package.json untouched on refusal");
  assert.equal(existsSync(join(dir, "weir.config.ts")), false, "nothing written on refusal");

  const forced = scaffoldProject({ dir, mode: "existing", force: true });
  assert.deepEqual(forced.overwritten, ["definitions.ts", "test/definitions.test.ts"]);
  assert.match(readFileSync(join(dir, "definitions.ts"), "utf8"), /defineDefinitions\(/);
  assert.match(readFileSync(join(dir, "test/definitions.test.ts"), "utf8"), /executeInProcess/);
  assert.equal(readJson(join(dir, "package.json")).scripts.dev, "weir dev");
});

test("running init twice changes nothing the second time (with --force)", () => {
  const dir = freshDir();
  npmInitPackage(dir);
  scaffoldProject({ dir, mode: "existing" });
  const pkg = readFileSync(join(dir, "package.json"), "utf8");
  const again = scaffoldProject({ dir, mode: "existing", force: true });
  assert.equal(readFileSync(join(dir, "package.json"), "utf8"), pkg);
  assert.deepEqual(again.scripts, { dev: "dev", test: "test" });
  assert.deepEqual(again.updated, []);
});

test("existing mode without package.json says to run npm init or npm create weir", () => {
  const dir = freshDir();
  mkdirSync(dir);
  assert.throws(
    () => scaffoldProject({ dir, mode: "existing" }),
    (error: Error) =>
      error instanceof ScaffoldError &&
      error.message === `no package.json in ${dir}: run \`npm init -y\` first, or use \`npm create weir@latest ${dir}\``,
  );
  assert.equal(existsSync(join(dir, "definitions.ts")), false);
});

test("existing mode reports a package.json that is not JSON with its path", () => {
  const dir = freshDir();
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), '{ "name": "app", }');
  assert.throws(
    () => scaffoldProject({ dir, mode: "existing" }),
    new RegExp(`^ScaffoldError: ${join(dir, "package.json")} is not valid JSON`),
  );
});
