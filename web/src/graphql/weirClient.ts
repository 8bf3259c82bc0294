// The browser's connection to the Weir API: urql for queries and mutations over HTTP, and one
// graphql-ws client (browser only: Node 20 has no WebSocket) for subscriptions, both on this origin's
// /graphql, which `weir dev` / `weir web` forward to the API.
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";
import { readApiToken } from "./apiToken";

export interface WeirClients {
  urql: Client;
  ws: WsClient;
}

export function apiHttpUrl(): string {
  return process.env.NEXT_PUBLIC_WEIR_URL ?? `${window.location.origin}/graphql`;
}

export function apiWsUrl(): string {
  const http = new URL(apiHttpUrl(), window.location.href);
  http.protocol = http.protocol === "https:" ? "wss:" : "ws:";
  return http.href;
}

export function createWeirClients(): WeirClients {
  const ws = createWsClient({
    url: apiWsUrl(),
    lazy: true,
    connectionParams: () => {
      const token = readApiToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5_000)));
    },
  });
  const urql = new Client({
    url: apiHttpUrl(),
    requestPolicy: "cache-and-network",
    fetchOptions: () => {
      const token = readApiToken();
      // The API refuses a POST without x-weir-request (its guard against cross-site requests).
      return { headers: { "x-weir-request": "weir-web", ...(token ? { authorization: `Bearer ${token}` } : {}) } };
    },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });
  return { urql, ws };
}
