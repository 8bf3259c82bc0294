// The fast path of the remote commands (weir runs/assets/...): registering tsx costs more than the
// whole command, so the remote CLI and @weir/client are transpiled once with esbuild into one cached
// ES module, rebuilt whenever one of its source files changes, and run by plain node. Plain JS because
// it runs before any TypeScript loader.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(here, "../src/cli/remote/remoteMain.ts");
const REMOTE_DIR = join(here, "../src/cli/remote/");

function cacheDir() {
  for (const dir of [
    join(here, "../node_modules/.cache/weir-remote-cli"),
    join(tmpdir(), `weir-remote-cli-${process.getuid?.() ?? "user"}`),
  ]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // not writable: try the next place
    }
  }
  return null;
}

function isFresh(manifestFile) {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    if (manifest.entry !== ENTRY) return false;
    return Object.entries(manifest.inputs).every(([file, mtimeMs]) => statSync(file).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

async function build(bundleFile, manifestFile) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["weir-source"],
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "weir-remote-externals",
        setup(b) {
          // Third-party packages stay imports (by absolute path, so the bundle can live anywhere).
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith("@weir/") || args.pluginData?.resolving) return undefined;
            const resolved = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              pluginData: { resolving: true },
            });
            if (resolved.errors.length || !resolved.path.includes("node_modules")) return undefined;
            return { path: pathToFileURL(resolved.path).href, external: true };
          });
          // Server modules (the store, for `tokens --instance`) never run here: bin/weir.js sends those through tsx.
          b.onResolve({ filter: /\.ts$/ }, (args) => {
            const full = join(args.resolveDir, args.path);
            if (args.path.startsWith(".") && full.includes("/server/src/") && !full.startsWith(REMOTE_DIR))
              return { path: pathToFileURL(full).href, external: true };
            return undefined;
          });
        },
      },
    ],
  });
  const cwd = process.cwd();
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .map((file) => join(cwd, file))
      .map((file) => [file, statSync(file).mtimeMs]),
  );
  // Write then rename, so a concurrent CLI never imports half a file.
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(bundleFile + suffix, result.outputFiles[0].text);
  writeFileSync(manifestFile + suffix, JSON.stringify({ entry: ENTRY, inputs }));
  renameSync(bundleFile + suffix, bundleFile);
  renameSync(manifestFile + suffix, manifestFile);
}

/** Runs a remote command from the cached bundle; returns false when it cannot (then tsx runs it). */
export async function runRemoteCli(argv) {
  const dir = cacheDir();
  if (!dir) return false;
  const bundleFile = join(dir, "remote-cli.mjs");
  const manifestFile = join(dir, "remote-cli.json");
  try {
    if (!isFresh(manifestFile)) await build(bundleFile, manifestFile);
  } catch {
    return false;
  }
  const { remoteMain } = await import(pathToFileURL(bundleFile).href);
  await remoteMain(argv);
  return true;
}
