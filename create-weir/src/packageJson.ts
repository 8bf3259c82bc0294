// The package.json of a new project, and what `weir init` adds to an existing one.
import { createRequire } from "node:module";
import { ScaffoldError } from "./scaffoldError.ts";

/** create-weir's own version: the Weir packages it depends on are released together with it. Read at run time
 * so it is right from src/ and from the compiled dist/ alike. */
export const WEIR_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** The ranges the Weir repository itself builds and tests with (a test keeps them in step with its root package.json). */
export const DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  "@types/node": "^20.19.0",
  tsx: "^4.23.15",
  typescript: "~5.9.3",
};

export function weirDependencies(version = WEIR_VERSION): Record<string, string> {
  return { "@weir/sdk": `^${version}`, "@weir/server": `^${version}` };
}

export const DEV_SCRIPT = "weir dev";
/** Node 20's test runner takes no glob of its own: the shell expands test/*.test.ts. */
export const NEW_PROJECT_TEST_SCRIPT = "node --import tsx --test test/*.test.ts";
/** In an existing package, only Weir's test: the package's other tests keep their own runner. */
export const EXISTING_PROJECT_TEST_SCRIPT = "node --import tsx --test test/definitions.test.ts";
/** What `npm init -y` writes as the test script: a placeholder, not a test the package has. */
const NPM_INIT_TEST_PLACEHOLDER = 'echo "Error: no test specified" && exit 1';

/** The npm script names to run Weir with: `dev`/`test`, or `weir:dev`/`weir:test` when the package had its own. */
export interface WeirScriptNames {
  dev: string;
  test: string;
}

/** A valid npm package name from a directory name (`My Pipelines` -> `my-pipelines`). */
export function packageNameFor(directoryName: string): string {
  const name = directoryName
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/^[._]+/, "")
    .replace(/[^a-z0-9-~]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "weir-pipelines";
}

export function newPackageJson(name: string, version = WEIR_VERSION): string {
  const pkg = {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: { dev: DEV_SCRIPT, test: NEW_PROJECT_TEST_SCRIPT, typecheck: "tsc --noEmit" },
    dependencies: weirDependencies(version),
    devDependencies: { ...DEV_DEPENDENCIES },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export interface PackageJsonMerge {
  text: string;
  /** The package's name, when it has one. */
  name: string | undefined;
  scripts: WeirScriptNames;
  /** What was added, e.g. ["scripts.weir:dev", "dependencies.@weir/sdk"]; empty when nothing changed. */
  added: string[];
}

type Json = Record<string, unknown>;

/** The indentation the file already uses (its first indented line), so the rewrite keeps the file's style. */
function indentOf(text: string): string | number {
  return /^([ \t]+)"/m.exec(text)?.[1] ?? 2;
}

function section(pkg: Json, key: string, file: string): Record<string, string> {
  const value = pkg[key];
  if (value === undefined) return (pkg[key] = {}) as Record<string, string>;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ScaffoldError(`${file}: "${key}" must be an object, found ${JSON.stringify(value)}`);
  return value as Record<string, string>;
}

/** Adds Weir's scripts and dependencies to an existing package.json without changing anything else. */
export function mergePackageJson(text: string, file: string, version = WEIR_VERSION): PackageJsonMerge {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new ScaffoldError(`${file} is not valid JSON (${(error as Error).message}): fix it, then run weir init again`);
  }
  if (pkg === null || typeof pkg !== "object" || Array.isArray(pkg)) throw new ScaffoldError(`${file} must hold a JSON object`);
  const json = pkg as Json;
  const added: string[] = [];

  const scripts = section(json, "scripts", file);
  const scriptFor = (name: string, command: string, isOurs: (existing: string) => boolean): string => {
    const existing = scripts[name];
    if (existing === undefined || existing === command || isOurs(existing)) {
      if (existing !== command) added.push(`scripts.${name}`);
      scripts[name] = command;
      return name;
    }
    const weirName = `weir:${name}`;
    if (scripts[weirName] !== command) added.push(`scripts.${weirName}`);
    scripts[weirName] = command;
    return weirName;
  };
  const names: WeirScriptNames = {
    dev: scriptFor("dev", DEV_SCRIPT, () => false),
    test: scriptFor("test", EXISTING_PROJECT_TEST_SCRIPT, (existing) => existing === NPM_INIT_TEST_PLACEHOLDER),
  };

  const declared = (dep: string) =>
    ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].some(
      (key) => (json[key] as Record<string, string> | undefined)?.[dep] !== undefined,
    );
  for (const [key, wanted] of [
    ["dependencies", weirDependencies(version)],
    ["devDependencies", DEV_DEPENDENCIES],
  ] as const) {
    const missing = Object.entries(wanted).filter(([dep]) => !declared(dep));
    if (missing.length === 0) continue;
    const deps = section(json, key, file);
    for (const [dep, range] of missing) {
      deps[dep] = range;
      added.push(`${key}.${dep}`);
    }
  }

  const name = typeof json.name === "string" ? json.name : undefined;
  if (added.length === 0) return { text, name, scripts: names, added };
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  let out = JSON.stringify(json, null, indentOf(text));
  if (eol !== "\n") out = out.replaceAll("\n", eol);
  if (/\r?\n$/.test(text)) out += eol;
  return { text: out, name, scripts: names, added };
}
