// Adds up the node test runner's per-workspace summaries into one closing line.
import { readFileSync } from "node:fs";
const text = readFileSync(process.argv[2], "utf8");
let passed = 0,
  failed = 0,
  skipped = 0;
for (const m of text.matchAll(/^(?:\S+: )?(?:ℹ|#) (pass|fail|skipped) (\d+)$/gm)) {
  const n = Number(m[2]);
  if (m[1] === "pass") passed += n;
  else if (m[1] === "fail") failed += n;
  else skipped += n;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
