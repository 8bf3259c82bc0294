// `npm run bench -- cli`: wall time of `weir runs list --json` (node start included) against a running
// API with 200 runs stored, with and without a token; plain `node` and the TypeScript-loader path for
// scale. Target: p50 <= 400 ms.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createApiToken, startApiServer } from "@weir/server";
import { startBenchServer } from "./apiBenchServer.ts";
import { percentile, report, round, type Row } from "./report.ts";

const REPS = Number(process.env.BENCH_CLI_REPS ?? 30);
const RUNS = 200;
const WEIR_BIN = fileURLToPath(new URL("../server/bin/weir.js", import.meta.url));
const MAIN_TS = fileURLToPath(new URL("../server/src/cli/main.ts", import.meta.url));

// Async spawn: the API serves from this same process, so its event loop must keep turning.
function timeOnce(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.resume();
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve, reject) =>
    child.on("close", (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`)),
    ),
  );
}

async function measure(label: string, args: string[], env: NodeJS.ProcessEnv = {}, reps = REPS): Promise<Row> {
  for (let i = 0; i < 3; i++) await timeOnce(args, env); // warm the file cache and the CLI bundle
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await timeOnce(args, env));
  times.sort((a, b) => a - b);
  return {
    command: label,
    reps,
    p50_ms: round(percentile(times, 50), 1),
    p95_ms: round(percentile(times, 95), 1),
    min_ms: round(times[0]!, 1),
    max_ms: round(times.at(-1)!, 1),
  };
}

const server = await startBenchServer();
const authed = await startApiServer(server.instance, { port: 0, auth: { enabled: true, adminTokenHash: null, insecure: false } });
try {
  await server.instance.store.prisma.$executeRawUnsafe(`
    INSERT INTO runs (id, job_name, location_name, status, created_at, started_at, ended_at)
    SELECT gen_random_uuid(), 'noop', 'fixtures', 'SUCCESS', now() - make_interval(secs => i), now() - make_interval(secs => i), now() - make_interval(secs => i) + interval '1 second'
    FROM generate_series(1, ${RUNS}) AS i`);
  const { token } = await createApiToken(server.instance.store, { name: "bench", role: "VIEWER" });
  const rows: Row[] = [
    await measure("node -e '' (node start alone)", ["-e", ""]),
    await measure("weir runs list --json", [WEIR_BIN, "runs", "list", "--json"], { WEIR_URL: server.api.url }),
    await measure("weir runs list --json (auth on, viewer token)", [WEIR_BIN, "runs", "list", "--json"], {
      WEIR_URL: authed.url,
      WEIR_TOKEN: token,
    }),
    await measure(
      "node --import tsx main.ts runs list --json (no bundle)",
      ["--conditions=weir-source", "--import", "tsx", MAIN_TS, "runs", "list", "--json"],
      { WEIR_URL: server.api.url },
      Math.min(REPS, 10),
    ),
  ];
  report("cli", rows, { runsStored: RUNS, targetP50Ms: 400 });
  const p50 = rows[1]!.p50_ms as number;
  console.log(`weir runs list --json p50 ${p50} ms: ${p50 <= 400 ? "within" : "OVER"} the 400 ms target`);
} finally {
  await authed.close();
  await server.close();
}
