// Writes a small Weir project: into a new directory (`npm create weir`) or into an existing package (`weir init`).
// Everything is checked before the first write, so a refusal leaves the directory as it was.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { mergePackageJson, newPackageJson, packageNameFor, type WeirScriptNames } from "./packageJson.ts";
import { ScaffoldError } from "./scaffoldError.ts";
import { templateFiles } from "./templateFiles.ts";

export interface ScaffoldOptions {
  dir: string;
  /** The package name of a new project (default: from the directory's name). */
  name?: string;
  /** "new": a new project in an empty (or missing) directory; "existing": add Weir to the package in `dir`. */
  mode: "new" | "existing";
  /** Overwrite Weir's files (weir.config.ts, definitions.ts, the test) when they exist. */
  force?: boolean;
}

export interface ScaffoldResult {
  /** Absolute path of the project. */
  dir: string;
  name: string;
  mode: ScaffoldOptions["mode"];
  /** Paths relative to `dir`, in the order written. */
  created: string[];
  /** Existing files replaced because of `force`. */
  overwritten: string[];
  /** Existing files Weir added to: package.json (with what was added), .gitignore. */
  updated: { path: string; added: string[] }[];
  /** The project's own files left as they were (tsconfig.json, README.md). */
  kept: string[];
  scripts: WeirScriptNames;
}

/** Files that do not make a directory "in use" (create-vite ignores .git likewise). */
const IGNORABLE_ENTRIES = new Set([".git", ".DS_Store"]);

function checkNewProjectDir(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new ScaffoldError(`${dir} exists and is not a directory: choose another name`);
  const entries = readdirSync(dir).filter((entry) => !IGNORABLE_ENTRIES.has(entry));
  if (entries.length === 0 || force) return;
  const hint = entries.includes("package.json")
    ? "to add Weir to the package it holds, run `npx weir init` there"
    : "choose a new directory, or pass --force to write into it";
  throw new ScaffoldError(`${dir} is not empty (${entries.length} entries): ${hint}`);
}

/** The lines of `wanted` that `existing` lacks (".weir/" and "/.weir" count as ".weir"). */
function missingLines(existing: string, wanted: string): string[] {
  const normalize = (line: string) => line.trim().replace(/^\//, "").replace(/\/$/, "");
  const have = new Set(existing.split(/\r?\n/).map(normalize));
  return wanted.split("\n").filter((line) => line.trim() && !have.has(normalize(line)));
}

export function scaffoldProject(options: ScaffoldOptions): ScaffoldResult {
  const dir = resolve(options.dir);
  const force = options.force ?? false;
  const packageFile = join(dir, "package.json");
  const writes: { path: string; content: string }[] = [];
  const result: ScaffoldResult = {
    dir,
    name: "",
    mode: options.mode,
    created: [],
    overwritten: [],
    updated: [],
    kept: [],
    scripts: { dev: "dev", test: "test" },
  };

  if (options.mode === "new") {
    checkNewProjectDir(dir, force);
    result.name = options.name ?? packageNameFor(basename(dir));
    if (existsSync(packageFile)) result.overwritten.push("package.json");
    writes.push({ path: "package.json", content: newPackageJson(result.name) });
  } else {
    if (!existsSync(packageFile))
      throw new ScaffoldError(`no package.json in ${dir}: run \`npm init -y\` first, or use \`npm create weir@latest ${dir}\``);
    const original = readFileSync(packageFile, "utf8");
    const merged = mergePackageJson(original, packageFile);
    result.name = options.name ?? merged.name ?? packageNameFor(basename(dir));
    result.scripts = merged.scripts;
    if (merged.added.length > 0) {
      result.updated.push({ path: "package.json", added: merged.added });
      writes.push({ path: "package.json", content: merged.text });
    }
  }

  const files = templateFiles(result.name, result.scripts);
  const conflicts = files.filter((f) => f.whenPresent === "conflict" && existsSync(join(dir, f.path))).map((f) => f.path);
  if (conflicts.length > 0 && !force)
    throw new ScaffoldError(
      `${dir} already has ${conflicts.join(", ")}: Weir would overwrite ${conflicts.length === 1 ? "it" : "them"}; move ${conflicts.length === 1 ? "it" : "them"} away, or pass --force to overwrite`,
    );

  for (const file of files) {
    const target = join(dir, file.path);
    if (!existsSync(target)) {
      writes.push(file);
      continue;
    }
    if (file.whenPresent === "keep") result.kept.push(file.path);
    else if (file.whenPresent === "conflict") {
      result.overwritten.push(file.path);
      writes.push(file);
    } else {
      const existing = readFileSync(target, "utf8");
      const missing = missingLines(existing, file.content);
      if (missing.length === 0) continue;
      const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
      writes.push({ path: file.path, content: `${existing}${separator}${missing.join("\n")}\n` });
      result.updated.push({ path: file.path, added: missing });
    }
  }

  for (const write of writes) {
    const target = join(dir, write.path);
    if (!existsSync(target)) result.created.push(write.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, write.content);
  }
  return result;
}
