// Subscriptions for urql over graphql-ws. The socket client is created on first use (and `ws` imported
// only then in Node 20, which has no global WebSocket), so one-shot commands never load it.
import type { SubscriptionForwarder } from "@urql/core";
import type { Client as WsClient } from "graphql-ws";

export interface SubscriptionTransport {
  forward: SubscriptionForwarder;
  dispose(): Promise<void>;
}

export function wsUrlFor(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//, (_m, s: string) => `ws${s}://`);
}

export function createSubscriptionTransport(url: string, token: string | null): SubscriptionTransport {
  let client: Promise<WsClient> | undefined;
  const connect = () =>
    (client ??= (async () => {
      const { createClient } = await import("graphql-ws");
      const webSocketImpl = (globalThis as { WebSocket?: unknown }).WebSocket ?? (await import("ws")).default;
      return createClient({
        url: wsUrlFor(url),
        webSocketImpl,
        lazy: true,
        // Reconnecting would re-send the same `after`; runEvents resumes from its own cursor instead.
        retryAttempts: 0,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      });
    })());

  return {
    forward: (request) => ({
      subscribe(sink) {
        let unsubscribe: (() => void) | undefined;
        let cancelled = false;
        connect().then(
          (ws) => {
            if (!cancelled) unsubscribe = ws.subscribe({ ...request, query: request.query ?? "" }, sink);
          },
          (error: unknown) => sink.error(error),
        );
        return {
          unsubscribe() {
            cancelled = true;
            unsubscribe?.();
          },
        };
      },
    }),
    async dispose() {
      if (client) await (await client).dispose();
    },
  };
}
