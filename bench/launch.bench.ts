// From the launchRun HTTP response to RUN_SUCCESS of a one-step no-op job, in-process, embedded store.
// RUN_SUCCESS is observed through the runStatusChanged subscription, as a client would.
import { percentile, report, round } from "./report.ts";
import { startBenchServer } from "./apiBenchServer.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARMUP = 30;

const server = await startBenchServer();
const finished = new Map<string, number>();
const waiting = new Map<string, () => void>();
server.wsClient().subscribe<{ runStatusChanged: { runId: string; status: string } }>(
  { query: `subscription { runStatusChanged(filter: { statuses: [SUCCESS, FAILURE, CANCELED] }) { runId status } }` },
  {
    next: ({ data }) => {
      const change = data!.runStatusChanged;
      finished.set(change.runId, performance.now());
      waiting.get(change.runId)?.();
    },
    error: (e) => console.error("subscription error", e),
    complete: () => {},
  },
);
// Let the subscription register before the first launch.
await server.gql(`{ instance { storage { kind } } }`);
await new Promise((r) => setTimeout(r, 200));

const latencies: number[] = [];
const totals: number[] = [];
const failures: string[] = [];
for (let i = 0; i < RUNS + WARMUP; i++) {
  const sent = performance.now();
  const data = await server.gql(`mutation { launchRun(input: { job: "noop" }) { ... on LaunchRunSuccess { run { id } } } }`);
  const responded = performance.now();
  const runId = data.launchRun.run.id as string;
  if (!finished.has(runId)) await new Promise<void>((resolve) => waiting.set(runId, resolve));
  waiting.delete(runId);
  // A run can finish before its launchRun response is read: that counts as 0 ms after the response.
  if (i >= WARMUP) {
    latencies.push(Math.max(0, finished.get(runId)! - responded));
    totals.push(finished.get(runId)! - sent);
  }
  const { run } = await server.gql(`query($id: ID!) { run(id: $id) { status } }`, { id: runId });
  if (run.status !== "SUCCESS") failures.push(`${runId}: ${run.status}`);
}
latencies.sort((a, b) => a - b);
totals.sort((a, b) => a - b);
await server.close();

report("launch", [
  {
    scenario: "launchRun response -> RUN_SUCCESS, 1-step no-op, in-process, PGlite",
    runs: RUNS,
    p50_ms: round(percentile(latencies, 50), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    max_ms: round(latencies.at(-1)!, 2),
    target: "p50 <= 20 ms, p99 <= 60 ms",
    failed_runs: failures.length,
  },
  {
    scenario: "launchRun request sent -> RUN_SUCCESS (whole round trip), same runs",
    runs: RUNS,
    p50_ms: round(percentile(totals, 50), 2),
    p99_ms: round(percentile(totals, 99), 2),
    max_ms: round(totals.at(-1)!, 2),
    target: "report",
    failed_runs: failures.length,
  },
]);
if (failures.length) {
  console.error(failures.slice(0, 5).join("\n"));
  process.exitCode = 1;
}
