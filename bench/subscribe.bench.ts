// From an event being stored (the sink's commit callback) to its arrival at each of 100 graphql-ws
// subscribers of the same run. The subscribers run in a child process, as remote clients would; both
// sides read the machine-wide clock (performance.timeOrigin + now()).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { WeirEvent } from "@weir/sdk";
import { percentile, report, round, type Row } from "./report.ts";
import { startBenchServer } from "./apiBenchServer.ts";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100);
const now = () => performance.timeOrigin + performance.now();

// A busy step logging ~500 lines/s for about 4 s, so most events are stored while all subscribers listen.
const scenarios = [{ name: "paced ~500 events/s", config: { lines: 2000, every: 1, pauseMs: 2 } }];

const server = await startBenchServer();
const rows: Row[] = [];
for (const scenario of scenarios) {
  const storedAt = new Map<number, number>();
  let runId = "";
  const unsubscribe = server.instance.sink.subscribe((batch: WeirEvent[]) => {
    const at = now();
    for (const e of batch) if (e.runId === runId) storedAt.set(e.seq, at);
  });
  const data = await server.gql(
    `mutation($config: JSON) { launchRun(input: { job: "chatty", config: $config }) { ... on LaunchRunSuccess { run { id } } } }`,
    {
      config: { ops: { chatter: scenario.config } },
    },
  );
  runId = data.launchRun.run.id;

  const clients = spawn(
    process.execPath,
    [
      "--conditions=weir-source",
      "--import",
      "tsx",
      fileURLToPath(new URL("./subscribeClients.ts", import.meta.url)),
      server.api.wsUrl,
      runId,
      String(SUBSCRIBERS),
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let readyAt = Infinity;
  let arrivals: number[][] = [];
  for await (const line of createInterface({ input: clients.stdout! })) {
    const message = JSON.parse(line);
    if (message.ready) readyAt = message.ready;
    if (message.arrivals) arrivals = message.arrivals;
  }
  unsubscribe();

  const { runEvents } = await server.gql(`query($id: ID!) { runEvents(runId: $id, first: 10000) { edges { node { seq } } } }`, {
    id: runId,
  });
  const stored = runEvents.edges.length as number;
  // Replayed events were stored before their subscriber connected: only events stored after every
  // subscriber had its first message count as live deliveries.
  const latencies: number[] = [];
  let deliveries = 0;
  let duplicatesOrGaps = 0;
  for (const mine of arrivals) {
    const seqs: number[] = [];
    for (let i = 0; i < mine.length; i += 2) {
      seqs.push(mine[i]!);
      const at = storedAt.get(mine[i]!);
      if (at !== undefined && at > readyAt) latencies.push(mine[i + 1]! - at);
    }
    deliveries += seqs.length;
    if (seqs.length !== stored || seqs.some((s, i) => s !== i + 1)) duplicatesOrGaps++;
  }
  latencies.sort((a, b) => a - b);
  rows.push({
    scenario: `${scenario.name}, ${SUBSCRIBERS} subscribers (separate process)`,
    events_per_subscriber: stored,
    live_deliveries_measured: latencies.length,
    deliveries_total: deliveries,
    subscribers_with_gap_or_duplicate: duplicatesOrGaps,
    p50_ms: round(percentile(latencies, 50), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    max_ms: round(latencies.at(-1) ?? NaN, 2),
    target: "p50 <= 5 ms, p99 <= 25 ms",
  });
  if (duplicatesOrGaps > 0) process.exitCode = 1;
}
await server.close();
report("subscribe", rows);
