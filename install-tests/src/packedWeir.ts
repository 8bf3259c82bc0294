// Weir's published packages as tarballs (`npm run pack`, without building again: turbo builds first), and a user's
// project pointed at them: the @weir dependencies it declares come from the tarballs instead of the registry, with
// no workspace links, exactly as if they had been published.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runOk } from "./commands.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface PackedWeir {
  /** Package name -> absolute tarball path. */
  tarballs: Map<string, string>;
}

let packing: Promise<PackedWeir> | undefined;

/** Packs every published package once per process; `build` builds them first (turbo has not). */
export function packWeir({ build = false } = {}): Promise<PackedWeir> {
  packing ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "weir-packages-"));
    const args = [join(REPO, "scripts/pack-packages.sh"), dir, ...(build ? [] : ["--no-build"])];
    const { stdout } = await runOk("bash", args, { cwd: REPO, timeoutMs: 900_000 });
    const tarballs = new Map<string, string>();
    for (const file of stdout.split("\n").filter((line) => line.endsWith(".tgz"))) {
      const manifest = await runOk("tar", ["-xOzf", file, "package/package.json"], { cwd: dir });
      tarballs.set((JSON.parse(manifest.stdout) as { name: string }).name, file);
    }
    return { tarballs };
  })();
  return packing;
}

/** Rewrites a project's package.json so that npm installs every Weir package from its tarball. */
export function pointAtTarballs(projectDir: string, packed: PackedWeir): void {
  const file = join(projectDir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string> | undefined>;
  const direct = new Set<string>();
  for (const field of ["dependencies", "devDependencies"]) {
    const deps = manifest[field];
    if (!deps) continue;
    for (const name of Object.keys(deps)) {
      const tarball = packed.tarballs.get(name);
      if (tarball) {
        deps[name] = `file:${tarball}`;
        direct.add(name);
      }
    }
  }
  const overrides: Record<string, string> = { ...manifest.overrides };
  for (const [name, tarball] of packed.tarballs) if (!direct.has(name)) overrides[name] = `file:${tarball}`;
  manifest.overrides = overrides;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** `npm install` in a project pointed at the tarballs. */
export async function installProject(projectDir: string, packed: PackedWeir): Promise<void> {
  pointAtTarballs(projectDir, packed);
  await runOk("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: projectDir });
}

/** A new empty directory outside the repository. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `weir-${prefix}-`));
}
