// The subscriber side of the subscribe benchmark, in its own process as real clients would be: opens N
// graphql-ws subscriptions to one run and reports when each event arrived (machine-wide clock).
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [wsUrl, runId, countArg] = process.argv.slice(2);
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();

const arrivals: number[][] = []; // per subscriber: [seq, arrivedAt, seq, arrivedAt, ...]
let firstMessages = 0;
await Promise.all(
  Array.from({ length: count }, (_, i) => {
    const mine: number[] = [];
    arrivals[i] = mine;
    let first = true;
    const client = createClient({ url: wsUrl!, webSocketImpl: WebSocket, retryAttempts: 0 });
    return new Promise<void>((resolve, reject) =>
      client.subscribe<{ runEvents: { events: { seq: number }[] } }>(
        { query: `subscription($id: ID!) { runEvents(runId: $id, after: 0) { events { seq } } }`, variables: { id: runId } },
        {
          next: ({ data }) => {
            const at = now();
            for (const { seq } of data!.runEvents.events) mine.push(seq, at);
            if (first && ++firstMessages === count) process.stdout.write(`${JSON.stringify({ ready: at })}\n`);
            first = false;
          },
          error: (error) => {
            const e = error as { code?: number; reason?: string };
            reject(new Error(`subscriber ${i}: ${e.code ?? ""} ${e.reason ?? String(error)}`));
          },
          complete: () => {
            void client.dispose();
            resolve();
          },
        },
      ),
    );
  }),
);
process.stdout.write(`${JSON.stringify({ arrivals })}\n`);
