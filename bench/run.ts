// `npm run bench -- NAME [args]` runs bench/NAME.bench.ts; without a name, lists the benchmarks.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(".bench.ts", ""));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME\navailable: ${available.join(", ")}`);
  process.exit(name ? 2 : 0);
}
const file = join(here, `${name}.bench.ts`);
if (!existsSync(file)) process.exit(2);
const r = spawnSync(process.execPath, ["--expose-gc", "--conditions=weir-source", "--import", "tsx", file, ...args], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
