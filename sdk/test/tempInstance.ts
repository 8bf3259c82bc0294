// Fresh instance directories for tests, removed when the process exits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];
process.on("exit", () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempInstance(): string {
  const dir = mkdtempSync(join(tmpdir(), "weir-sdk-test-"));
  made.push(dir);
  return dir;
}
