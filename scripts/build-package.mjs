// `npm run build` in a publishable package: compiles src/ to dist/ (ESM, .d.ts, source maps) with the shared
// tsconfig.build.json, after removing the old dist/ so that no deleted module lingers in a tarball. Files
// in src/ that are not TypeScript (a worker script, say) are copied beside the compiled modules.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const packageDir = process.cwd();
const src = join(packageDir, "src");
const dist = join(packageDir, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit", cwd: packageDir });
if (result.status !== 0) {
  console.error(`build: tsc failed in ${packageDir}`);
  process.exit(result.status ?? 1);
}

const NOT_SHIPPED = /(\.tsx?|\.graphql)$|(^|\/)fixtures(\/|$)/;
function copyAssets(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const rel = relative(src, path);
    if (NOT_SHIPPED.test(rel)) continue;
    if (statSync(path).isDirectory()) copyAssets(path);
    else cpSync(path, join(dist, rel));
  }
}
copyAssets(src);
