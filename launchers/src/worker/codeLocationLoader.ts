// Imports a code location module together with the @weir/sdk copy that the module itself resolves,
// so the SDK's checks (isDefinitions, the executor) run against the same module instance that built
// the definitions, even when the location has its own install of the SDK or is imported under a
// fresh tsx namespace. Shared by the code server, the run worker and the in-process launcher.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as WeirSdkModule from "@weir/sdk";
import { findErrorSource } from "./errorSource.ts";

export type WeirSdk = typeof WeirSdkModule;
export type Definitions = WeirSdkModule.Definitions;

/** Imports a module by absolute file URL (plain `import()`, or a tsx namespace's import). */
export type ModuleImporter = (url: string) => Promise<unknown>;

export interface LoadedCodeLocation {
  file: string;
  definitions: Definitions;
  sdk: WeirSdk;
}

/** A code location that could not be loaded: a missing file, a throw at import, a syntax error, a bad export. */
export class CodeLocationLoadError extends Error {
  override name = "CodeLocationLoadError";
  readonly file: string;
  /** Where the problem is in user code, when the error shows it. */
  readonly source?: { file: string; line: number; column?: number };

  constructor(message: string, file: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    this.source = findErrorSource(options.cause, file);
  }
}

const defaultImporter: ModuleImporter = (url) => import(url);

export async function loadCodeLocation(
  file: string,
  options: { importModule?: ModuleImporter; cwd?: string } = {},
): Promise<LoadedCodeLocation> {
  const importModule = options.importModule ?? defaultImporter;
  const absolute = path.resolve(options.cwd ?? process.cwd(), file);
  if (!existsSync(absolute)) {
    throw new CodeLocationLoadError(`Code location file not found: ${absolute}`, absolute);
  }

  let mod: Record<string, unknown>;
  try {
    mod = (await importModule(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodeLocationLoadError(`Failed to import code location ${absolute}: ${reason}`, absolute, { cause: error });
  }

  const sdk = await importSdkFor(absolute, importModule);
  // A .ts file in a CommonJS package (no "type": "module", as `npm init -y` makes) runs as CommonJS; imported
  // through a tsx namespace, its `export default` arrives wrapped once more, as { default: definitions }.
  const wrapped = (mod.default as { default?: unknown } | null | undefined)?.default;
  const definitions = sdk.isDefinitions(mod.default) || wrapped === undefined ? mod.default : wrapped;
  if (!sdk.isDefinitions(definitions)) {
    const found = definitions === undefined ? "no default export" : `a default export of type ${describeValue(definitions)}`;
    throw new CodeLocationLoadError(
      `Code location ${absolute} must default-export defineDefinitions({...}), found ${found}: end it with \`export default defineDefinitions({ assets: [...], jobs: [...] })\` (from @weir/sdk)`,
      absolute,
    );
  }
  return { file: absolute, definitions, sdk };
}

/** The @weir/sdk the location resolves from its own directory; ours when it has none. */
async function importSdkFor(file: string, importModule: ModuleImporter): Promise<WeirSdk> {
  let resolved: string | undefined;
  try {
    resolved = createRequire(file).resolve("@weir/sdk");
  } catch {
    resolved = undefined;
  }
  if (resolved) return (await importModule(pathToFileURL(resolved).href)) as WeirSdk;
  return (await import("@weir/sdk")) as WeirSdk;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object")
    return `object with keys [${Object.keys(value as object)
      .slice(0, 5)
      .join(", ")}]`;
  return typeof value;
}
