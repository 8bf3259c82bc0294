// `npm run bench -- install`: Weir as a new user meets it. The install size of @weir/server with its dependencies,
// the time from `npm create weir` to a first successful run (npm's cache warm, as on a second machine of a team),
// and `weir dev`'s start-up to both listening lines, cold (a new instance: the embedded database is created and
// migrated) and warm (the same instance again).
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { graphql, installProject, launchAndWait, packWeir, runOk, scratchDir, startProjectDev } from "@weir/install-tests";
import { percentile, report, round, type Row } from "./report.ts";

const WARM_STARTS = 5;
const seconds = (ms: number) => round(ms / 1000, 2);

const packed = await packWeir({ build: true });
const rows: Row[] = [];

// Install size: a project that depends on @weir/server alone.
const sizeProject = scratchDir("bench-size");
writeFileSync(
  join(sizeProject, "package.json"),
  JSON.stringify({ name: "size", private: true, dependencies: { "@weir/server": "0.1.0" } }),
);
let started = performance.now();
await installProject(sizeProject, packed);
const installMs = performance.now() - started;
const bytes = Number(execFileSync("du", ["-sb", join(sizeProject, "node_modules")], { encoding: "utf8" }).split("\t")[0]);
const packages =
  Number(execFileSync("bash", ["-c", "npm ls --all --parseable | wc -l"], { cwd: sizeProject, encoding: "utf8" }).trim()) - 1;
rows.push({ measure: "install size of @weir/server with its dependencies", value: round(bytes / 1024 / 1024, 1), unit: "MiB" });
rows.push({ measure: "packages installed with @weir/server", value: packages, unit: "packages" });
rows.push({ measure: "npm install @weir/server (npm cache warm)", value: seconds(installMs), unit: "s" });

// npm create weir -> npm install -> npm run dev -> first run SUCCESS.
const root = scratchDir("bench-create");
started = performance.now();
await runOk("npm", ["exec", "--yes", `--package=${packed.tarballs.get("create-weir")}`, "--", "create-weir", "my-pipelines"], {
  cwd: root,
});
const createdMs = performance.now() - started;
const project = join(root, "my-pipelines");
await installProject(project, packed);
const installedMs = performance.now() - started;
let dev = await startProjectDev(project);
const listeningMs = performance.now() - started;
const { jobs } = await graphql<{ jobs: { name: string }[] }>(dev.apiUrl, "{ jobs { name } }");
const run = await launchAndWait(dev.apiUrl, jobs[0]!.name);
const firstRunMs = performance.now() - started;
await dev.stop();
if (run.status !== "SUCCESS") throw new Error(`the scaffolded job ended ${run.status}`);
rows.push({ measure: "npm create weir: files written", value: seconds(createdMs), unit: "s" });
rows.push({ measure: "  + npm install (npm cache warm)", value: seconds(installedMs), unit: "s" });
rows.push({ measure: "  + npm run dev, both listening lines", value: seconds(listeningMs), unit: "s" });
rows.push({ measure: "npm create weir to first RUN_SUCCESS", value: seconds(firstRunMs), unit: "s" });

// weir dev start-up: cold (no instance directory yet) and warm (the instance exists).
rmSync(join(project, ".weir"), { recursive: true, force: true });
started = performance.now();
dev = await startProjectDev(project);
const coldMs = performance.now() - started;
await dev.stop();
const warm: number[] = [];
for (let i = 0; i < WARM_STARTS; i++) {
  started = performance.now();
  dev = await startProjectDev(project);
  warm.push(performance.now() - started);
  await dev.stop();
}
warm.sort((a, b) => a - b);
rows.push({ measure: "weir dev start-up to both listening lines, cold", value: seconds(coldMs), unit: "s" });
rows.push({ measure: `weir dev start-up, warm (p50 of ${WARM_STARTS})`, value: seconds(percentile(warm, 50)), unit: "s" });
rows.push({ measure: `weir dev start-up, warm (max of ${WARM_STARTS})`, value: seconds(warm.at(-1)!), unit: "s" });

report("install", rows, { note: "start-up includes npm run's own start (about 0.2 s)" });
