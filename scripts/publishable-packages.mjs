// Prints the directory of every workspace package that is published (not "private"), one per line:
// what `npm run pack` packs, what the packaging test installs and what changesets versions together.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const dir of workspaces) {
  if (dir.includes("*")) continue; // examples/*: private by design
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  if (!manifest.private) console.log(dir);
}
