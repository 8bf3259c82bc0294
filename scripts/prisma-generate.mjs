// Generates the Prisma client offline. The Prisma CLI wants a native schema-engine binary it never
// runs for `generate`; prisma.config.ts points it at an existing file when unset.
import { spawnSync } from "node:child_process";
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit" });
process.exit(r.status ?? 1);
