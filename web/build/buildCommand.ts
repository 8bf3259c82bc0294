// `npm run build -w @weir/web`: builds the UI into web/out when its sources changed (--force: always).
import { buildWeb } from "./webBuild.ts";

const started = performance.now();
const force = process.argv.includes("--force");
try {
  await buildWeb({ force, onOutput: (chunk) => process.stdout.write(chunk) }).done;
  console.log(`web UI ready in web/out (${((performance.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
