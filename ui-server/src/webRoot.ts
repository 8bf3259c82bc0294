// Where the UI's static export lives: the `out/` directory of the @weir/web package, prebuilt in an installed
// Weir and built on demand in Weir's own repository (where this module runs as TypeScript).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const WEB_OUT_DIR = join(dirname(createRequire(import.meta.url).resolve("@weir/web/package.json")), "out");

/** In the repository the UI is built from its sources when stale; an installed UI is never rebuilt. */
export const BUILDS_FROM_SOURCE = new URL(import.meta.url).pathname.endsWith(".ts");

/** The repository's UI builder (web/build/webBuild.ts). */
export interface WebBuilder {
  isBuildFresh(): boolean;
  buildWeb(): { done: Promise<void>; cancel(): void };
}

/** Loads the builder, which exists only in the repository: the specifier is a variable, so tsc leaves it alone. */
export async function loadWebBuilder(): Promise<WebBuilder> {
  const specifier = "@weir/web/build";
  return (await import(specifier)) as WebBuilder;
}
