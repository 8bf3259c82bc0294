// From an event being stored (the sink's commit callback) to its arrival at each of 100 graphql-ws
// subscribers of the same run, server and clients in this process so they share one clock.
import type { WeirEvent } from "@weir/sdk";
import { percentile, report, round } from "./report.ts";
import { startBenchServer } from "./apiBenchServer.ts";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100);
const LINES = Number(process.env.BENCH_LINES ?? 5000);

const server = await startBenchServer();
const storedAt = new Map<number, number>();
let benchRunId = "";
server.instance.sink.subscribe((batch: WeirEvent[]) => {
  const now = performance.now();
  for (const e of batch) if (e.runId === benchRunId) storedAt.set(e.seq, now);
});

const data = await server.gql(`mutation($config: JSON) { launchRun(input: { job: "chatty", config: $config }) { ... on LaunchRunSuccess { run { id } } } }`, {
  config: { ops: { chatter: { lines: LINES, every: 5 } } },
});
benchRunId = data.launchRun.run.id;

// Replayed events were stored before their subscriber connected; only events stored once every
// subscriber has its first message count as live deliveries.
const latencies: number[] = [];
let received = 0;
let connected = 0;
let allConnectedAt = Infinity;
const done = Array.from({ length: SUBSCRIBERS }, () =>
  new Promise<void>((resolve, reject) => {
    let first = true;
    server.wsClient().subscribe<{ runEvents: { events: { seq: number }[] } }>(
      { query: `subscription($id: ID!) { runEvents(runId: $id, after: 0) { events { seq } } }`, variables: { id: benchRunId } },
      {
        next: ({ data }) => {
          const now = performance.now();
          if (first && ++connected === SUBSCRIBERS) allConnectedAt = now;
          first = false;
          for (const { seq } of data!.runEvents.events) {
            const stored = storedAt.get(seq);
            if (stored !== undefined && stored > allConnectedAt) latencies.push(now - stored);
            received++;
          }
        },
        error: reject,
        complete: resolve,
      },
    );
  }),
);
await Promise.all(done);
const { runEvents } = await server.gql(`query($id: ID!) { runEvents(runId: $id, first: 1) { edges { node { seq } } } }`, { id: benchRunId });
await server.close();
latencies.sort((a, b) => a - b);

report("subscribe", [
  {
    scenario: `stored -> received, ${SUBSCRIBERS} graphql-ws subscribers of one run`,
    events_per_subscriber: storedAt.size,
    deliveries_measured: latencies.length,
    deliveries_total: received,
    p50_ms: round(percentile(latencies, 50), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    max_ms: round(latencies.at(-1) ?? NaN, 2),
    target: "p50 <= 5 ms, p99 <= 25 ms",
  },
]);
if (runEvents.edges.length !== 1 || received !== storedAt.size * SUBSCRIBERS) {
  console.error(`expected ${storedAt.size * SUBSCRIBERS} deliveries, got ${received}`);
  process.exitCode = 1;
}
