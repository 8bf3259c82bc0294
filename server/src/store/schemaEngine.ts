// Loads Prisma's schema engine as WebAssembly: the native binary the Prisma CLI wants cannot be
// downloaded here, and the WASM build needs nothing but a driver adapter factory.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

const require = createRequire(import.meta.url);
let initialized: Promise<Glue> | undefined;

function initGlue(): Promise<Glue> {
  // One WebAssembly instance per process: the glue module caches views of the instance's memory in
  // module-level variables, so a second instance behind the same glue corrupts strings. Engines are
  // cheap to create on the one instance.
  initialized ??= (async () => {
    // The package exports no ./package.json; locate the .wasm beside its glue module.
    const pkgDir = dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const module = await WebAssembly.compile(await readFile(join(pkgDir, "schema_engine_bg.wasm")));
    const glue: Glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return initialized;
}

export interface LoadedSchemaEngine {
  engine: SchemaEngine;
  /** Runs an engine call, replacing the engine's opaque "External error id#N" with the adapter's real error. */
  call<T>(what: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T>;
  free(): void;
}

export async function loadSchemaEngine(options: {
  schemaPath: string;
  schemaText: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  log?: (message: string) => void;
}): Promise<LoadedSchemaEngine> {
  const glue = await initGlue();

  const bound = bindMigrationAwareSqlAdapterFactory(options.adapterFactory);
  const log = options.log ?? (() => {});
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[options.schemaPath, options.schemaText]] },
    (message: string) => log(message),
    bound,
  );

  const resolveError = (what: string, error: unknown): Error => {
    const text = error instanceof Error ? error.message : String(error);
    const match = /External error id#(\d+)/.exec(text);
    if (match) {
      const record = bound.errorRegistry.consumeError(Number(match[1]));
      const real = record?.error;
      const realText = real instanceof Error ? real.message : real !== undefined ? JSON.stringify(real) : text;
      return new Error(`schema engine ${what} failed: ${realText}`, { cause: real ?? error });
    }
    return new Error(`schema engine ${what} failed: ${text}`, { cause: error });
  };

  return {
    engine,
    async call(what, fn) {
      try {
        return await fn(engine);
      } catch (error) {
        throw resolveError(what, error);
      }
    },
    free: () => engine.free(),
  };
}
