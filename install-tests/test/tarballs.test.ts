// What `npm publish` would upload: compiled JavaScript with types and source maps, no TypeScript to compile, no
// tests, no path of the machine that packed it, and every file its manifest points at.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { packWeir, REPO, runOk, scratchDir, type PackedWeir } from "../src/index.ts";

let packed: PackedWeir;
const unpacked = new Map<string, string>();

before(async () => {
  packed = await packWeir();
  for (const [name, tarball] of packed.tarballs) {
    const dir = scratchDir("unpacked");
    await runOk("tar", ["-xzf", tarball, "-C", dir], { cwd: dir });
    unpacked.set(name, join(dir, "package"));
  }
});

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path, `${prefix}${entry}/`) : [`${prefix}${entry}`];
  });
}

function manifestOf(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(unpacked.get(name)!, "package.json"), "utf8"));
}

test("every published package is packed, with the licence, a README and one shared version", () => {
  const expected = readFileSync(join(REPO, ".changeset/config.json"), "utf8");
  const fixed = (JSON.parse(expected) as { fixed: string[][] }).fixed[0]!;
  assert.deepEqual([...packed.tarballs.keys()].sort(), [...fixed].sort(), "the tarballs are the changesets' fixed group");
  const turbo = JSON.parse(readFileSync(join(REPO, "turbo.json"), "utf8"));
  const built = (turbo.tasks["@weir/install-tests#test"].dependsOn as string[]).map((task) => task.replace(/#build$/, ""));
  assert.deepEqual(built.sort(), [...fixed].sort(), "turbo builds every packed package before these tests");
  const versions = new Set<string>();
  for (const name of packed.tarballs.keys()) {
    const files = filesUnder(unpacked.get(name)!);
    for (const required of ["package.json", "README.md", "LICENSE"]) assert.ok(files.includes(required), `${name}: ${required}`);
    const manifest = manifestOf(name);
    assert.equal(manifest.private, undefined, `${name} is not private`);
    assert.equal(manifest.license, "Apache-2.0", `${name}: licence`);
    assert.match(manifest.engines?.node ?? "", /^>=20/, `${name}: engines.node`);
    versions.add(manifest.version);
  }
  assert.equal(versions.size, 1, `one version for all: ${[...versions].join(", ")}`);
});

test("the tarballs hold no TypeScript to compile, no tests and no fixtures", () => {
  for (const [name, dir] of unpacked) {
    const offending = filesUnder(dir).filter(
      (file) =>
        (/\.(ts|tsx|mts|cts)$/.test(file) && !/\.d\.ts$/.test(file)) ||
        /(^|\/)(test|tests|fixtures|__tests__)\//.test(file) ||
        /\.test\.(js|d\.ts)$/.test(file) ||
        /TestHarness/.test(file) ||
        file.startsWith("src/"),
    );
    assert.deepEqual(offending, [], `${name} ships files it should not`);
  }
});

test("every module entry, type declaration and binary a manifest names is in its tarball", () => {
  for (const [name, dir] of unpacked) {
    const manifest = manifestOf(name);
    const targets: string[] = [];
    const collect = (value: unknown, condition?: string) => {
      if (typeof value === "string") {
        if (condition !== "weir-source") targets.push(value);
      } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    collect(manifest.exports);
    collect(manifest.bin);
    for (const target of targets) {
      const files = filesUnder(dir);
      assert.ok(files.includes(target.replace(/^\.\//, "")), `${name}: ${target} is missing`);
    }
    const files = filesUnder(dir);
    // Compiled modules (those with a source map) come with their declarations; copied scripts need none.
    for (const js of files.filter((f) => f.startsWith("dist/") && files.includes(`${f}.map`)))
      assert.ok(files.includes(`${js.slice(0, -3)}.d.ts`), `${name}: ${js} has no .d.ts`);
  }
});

test("no file in a tarball names a path of the machine that packed it; source maps point inside the package", () => {
  const forbidden = [REPO.replace(/\/$/, ""), `${homedir()}/`].filter((p) => p.length > 2);
  for (const [name, dir] of unpacked) {
    for (const file of filesUnder(dir)) {
      if (!/\.(js|mjs|cjs|json|map|d\.ts|md|prisma|sql|html|txt)$/.test(file)) continue;
      const text = readFileSync(join(dir, file), "utf8");
      for (const path of forbidden) assert.ok(!text.includes(path), `${name}/${file} contains ${path}`);
      if (file.startsWith("dist/") && file.endsWith(".js.map")) {
        const map = JSON.parse(text) as { sources: string[]; sourcesContent?: string[] };
        for (const source of map.sources) assert.ok(!source.startsWith("/"), `${name}/${file}: absolute source ${source}`);
        assert.equal(map.sourcesContent?.length, map.sources.length, `${name}/${file} inlines its sources`);
      }
    }
  }
});

test("@weir/server carries its Prisma client, schema and migrations, and the web UI comes prebuilt", () => {
  const server = filesUnder(unpacked.get("@weir/server")!);
  assert.ok(server.includes("prisma/schema.prisma"));
  assert.ok(
    server.some((f) => /^prisma\/migrations\/[^/]+\/migration\.sql$/.test(f)),
    "migrations",
  );
  assert.ok(server.includes("dist/generated/prisma/client.js"), "generated Prisma client");
  assert.ok(server.includes("bin/weir.js"));
  const web = filesUnder(unpacked.get("@weir/web")!);
  assert.ok(web.includes("out/index.html") && web.includes("out/run/index.html"), "prebuilt pages");
  assert.ok(
    web.some((f) => f.startsWith("out/_next/static/")),
    "prebuilt scripts",
  );
  assert.deepEqual(Object.keys(manifestOf("@weir/web").dependencies ?? {}), [], "the UI installs nothing");
});
