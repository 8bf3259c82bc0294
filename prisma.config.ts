import { existsSync } from "node:fs";
import { defineConfig } from "prisma/config";

// `prisma generate` refuses to start without a schema-engine binary, which it never runs and cannot
// download here; any existing file satisfies the check. Migrations use the WebAssembly engine instead.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: "server/prisma/schema.prisma",
  migrations: { path: "server/prisma/migrations" },
});
