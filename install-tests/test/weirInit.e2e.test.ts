// `npx weir init` in a package that already exists (made by `npm init -y`, with @weir/sdk and @weir/server
// installed from their tarballs), then the same first steps as a new project; and `weir migrate` from the installed
// package on the embedded store and on PostgreSQL.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import pg from "pg";
import { installProject, packWeir, runOk, scratchDir } from "../src/index.ts";
import { checkProjectEndToEnd, checkStrictConsumer } from "../src/projectChecks.ts";

async function existingPackageWithWeir(): Promise<string> {
  const packed = await packWeir();
  const project = scratchDir("init");
  await runOk("npm", ["init", "-y"], { cwd: project });
  await runOk("npm", ["pkg", "set", "dependencies.@weir/sdk=0.1.0", "dependencies.@weir/server=0.1.0"], { cwd: project });
  await installProject(project, packed);
  return project;
}

test("npx weir init: an existing package gains a working Weir project, and its types check in a strict consumer", async () => {
  const project = await existingPackageWithWeir();
  const before = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  const init = await runOk("npx", ["weir", "init"], { cwd: project });
  for (const file of ["weir.config.ts", "definitions.ts"]) assert.ok(existsSync(join(project, file)), `weir init wrote ${file}`);
  assert.match(init.stdout, /npm install/, "says to install what it added");
  const after = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  assert.equal(after.name, before.name, "keeps the package's own fields");
  await installProject(project, await packWeir());
  await checkStrictConsumer(project);
  const scripts = after.scripts as Record<string, string>;
  await checkProjectEndToEnd(project, {
    devScript: scripts.dev === "weir dev" ? "dev" : "weir:dev",
    testScript: scripts.test?.includes("--test") ? "test" : "weir:test",
  });
});

test("weir migrate from the installed package: on the embedded store and on PostgreSQL", async () => {
  const project = await existingPackageWithWeir();
  const embedded = await runOk("npx", ["weir", "migrate", "--instance", join(project, ".weir")], { cwd: project });
  assert.match(embedded.stdout, /migrations applied to/);

  const adminUrl = process.env.WEIR_TEST_DATABASE_URL;
  assert.ok(adminUrl, "WEIR_TEST_DATABASE_URL is set (npm test starts a PostgreSQL cluster)");
  const database = `weir_install_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    const migrated = await runOk("npx", ["weir", "migrate"], { cwd: project, env: { WEIR_DATABASE_URL: url.href } });
    assert.match(migrated.stdout, /migrations applied to/);
    const check = new pg.Client({ connectionString: url.href });
    await check.connect();
    const { rows } = await check.query("SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    await check.end();
    assert.ok(rows[0].n > 0, "the migrations are recorded as applied");
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
});
