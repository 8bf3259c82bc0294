// The default name of a code location: its directory for a conventional entry file
// (examples/quickstart/definitions.ts -> "quickstart"), else the file's own name (etl.ts -> "etl").
import path from "node:path";

const ENTRY_FILE = /^(definitions|index)\.[cm]?[jt]sx?$/;

export function defaultLocationName(file: string): string {
  const base = path.basename(file);
  if (ENTRY_FILE.test(base)) {
    const dir = path.basename(path.dirname(path.resolve(file)));
    if (dir) return dir;
  }
  return base.replace(/\.[cm]?[jt]sx?$/, "");
}
