// Starts a real Weir instance and API server on a free loopback port for end-to-end tests, with
// helpers that speak GraphQL over HTTP and graphql-ws like any client would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import { pino } from "pino";
import WebSocket from "ws";
import { weirConfigSchema } from "../src/config/weirConfig.ts";
import { startApiServer, type ApiServer } from "../src/http/apiServer.ts";
import { startWeirInstance, type WeirInstance } from "../src/instance/weirInstance.ts";
import { migratedPgliteTemplate } from "./databases.ts";

export interface TestApi {
  instance: WeirInstance;
  api: ApiServer;
  instanceDir: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: { message: string }[] }>;
  wsClient(): Client;
  close(): Promise<void>;
}

export async function startTestApi(options: {
  databaseUrl?: string | null;
  locations: string[];
  instanceDir?: string;
}): Promise<TestApi> {
  const instanceDir = options.instanceDir ?? mkdtempSync(join(tmpdir(), "weir-api-test-"));
  const config = weirConfigSchema.parse({
    instanceDir,
    databaseUrl: options.databaseUrl ?? null,
    port: 0,
    locations: options.locations.map((file) => ({ file })),
  });
  const instance = await startWeirInstance(config, {
    log: pino({ level: process.env.WEIR_TEST_LOG_LEVEL ?? "silent" }),
    pgliteTemplate: config.databaseUrl ? undefined : await migratedPgliteTemplate(),
  });
  const api = await startApiServer(instance, { port: 0 });
  const clients: Client[] = [];
  return {
    instance,
    api,
    instanceDir,
    async gql(query, variables) {
      const response = await fetch(api.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-weir-request": "test" },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    wsClient() {
      const client = createClient({ url: api.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await api.close();
      await instance.close({ graceMs: 5000 });
      if (!options.instanceDir) rmSync(instanceDir, { recursive: true, force: true });
    },
  };
}

/** Collects every message of a subscription until it completes (or errors). */
export function collectSubscription<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  onMessage?: (data: T) => void,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const messages: T[] = [];
    client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors?.length) return reject(new Error(result.errors.map((e) => e.message).join("; ")));
          messages.push(result.data as T);
          onMessage?.(result.data as T);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(messages),
      },
    );
  });
}
