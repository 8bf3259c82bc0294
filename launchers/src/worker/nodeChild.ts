// How Weir starts a node child of its own (a run worker, a code server): with tsx registered for the user's
// TypeScript and, when Weir itself runs from its repository's TypeScript sources, with the "weir-source"
// export condition, so that the child resolves @weir/* packages as this process does. Installed, Weir is
// compiled JavaScript and its children are too.
import { fileURLToPath } from "node:url";

/** A module URL of TypeScript source (a loader may add a query, e.g. tsx's namespaces: only the path counts). */
function isTypeScriptModule(url: string): boolean {
  return new URL(url).pathname.endsWith(".ts");
}

/** True in a checkout (this module is TypeScript), false in an installed package (compiled JavaScript). */
export const RUNNING_FROM_SOURCE = isTypeScriptModule(import.meta.url);
/** Absolute, so a child finds tsx whatever its working directory is. */
export const TSX_LOADER = import.meta.resolve("tsx");

/** The file of a Weir module relative to `base` (an import.meta.url), named without its extension. */
export function weirModulePath(stem: string, base: string): string {
  return fileURLToPath(new URL(`${stem}${isTypeScriptModule(base) ? ".ts" : ".js"}`, base));
}

/** node's arguments to run the Weir module `entry` in a child, after the caller's own node flags. */
export function nodeChildArgs(entry: string, nodeArgs: readonly string[] = [], tsxLoader = TSX_LOADER): string[] {
  return [...nodeArgs, ...(RUNNING_FROM_SOURCE ? ["--conditions=weir-source"] : []), "--import", tsxLoader, entry];
}
