// A Weir instance and API server inside the benchmark process, on a free port, with the bench jobs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startApiServer, startWeirInstance, weirConfigSchema, type ApiServer, type WeirInstance } from "@weir/server";
import { createClient, type Client } from "graphql-ws";
import { pino } from "pino";
import WebSocket from "ws";

export const BENCH_LOCATION = fileURLToPath(new URL("./fixtures/definitions.ts", import.meta.url));

export interface BenchServer {
  instance: WeirInstance;
  api: ApiServer;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  wsClient(): Client;
  close(): Promise<void>;
}

export async function startBenchServer(
  options: { databaseUrl?: string | null; maxConcurrentRuns?: number } = {},
): Promise<BenchServer> {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-bench-"));
  const config = weirConfigSchema.parse({
    instanceDir,
    databaseUrl: options.databaseUrl ?? null,
    port: 0,
    locations: [{ file: BENCH_LOCATION }],
    runQueue: { maxConcurrentRuns: options.maxConcurrentRuns ?? 10 },
  });
  const instance = await startWeirInstance(config, { log: pino({ level: "warn" }) });
  const api = await startApiServer(instance, { port: 0 });
  const clients: Client[] = [];
  return {
    instance,
    api,
    async gql(query, variables) {
      const response = await fetch(api.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-weir-request": "bench" },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: never; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
      return body.data;
    },
    wsClient() {
      const client = createClient({ url: api.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await api.close();
      await instance.close();
      rmSync(instanceDir, { recursive: true, force: true });
    },
  };
}
