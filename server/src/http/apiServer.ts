// The API over HTTP: graphql-yoga for queries and mutations (and GraphiQL), graphql-ws for
// subscriptions on the same port and path.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GraphQLError, type ExecutionArgs } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { createYoga } from "graphql-yoga";
import { WebSocketServer } from "ws";
import { AUTH_DISABLED, assertListenAllowed, type AuthSettings } from "../auth/authSettings.ts";
import { authenticate, bearerToken, tokenFromConnectionParams } from "../auth/principal.ts";
import type { GraphQLContext } from "../graphql/context.ts";
import { schema } from "../graphql/schema.ts";
import type { WeirInstance } from "../instance/weirInstance.ts";
import { checkUpgrade, corsFor, useRequestGuard, WEIR_REQUEST_HEADER, type RequestGuardOptions } from "./requestGuard.ts";
import { createTokenSockets } from "./tokenSockets.ts";

export const GRAPHQL_PATH = "/graphql";

type OperationResult = ReturnType<NonNullable<Parameters<typeof useServer>[0]["execute"]>>;
interface EnvelopedRoot {
  execute(args: ExecutionArgs): OperationResult;
  subscribe(args: ExecutionArgs): OperationResult;
}

/** The API's port is taken (another `weir dev`, or any other server). */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(`port ${port} on ${host} is in use (another weir dev?): stop that process or pass --port N`, options);
    this.name = "PortInUseError";
  }
}

export interface ApiServer {
  url: string;
  wsUrl: string;
  server: Server;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  host?: string;
  port?: number;
  /** Whether requests need an API token; off unless given (serveCommand decides per deployment). */
  auth?: AuthSettings;
  /** Other sites' origins whose pages may call the API (CORS); by default only its own. */
  allowedOrigins?: string[];
  /** Host names besides loopback ones the API answers to (see requestGuard.ts). */
  allowedHosts?: string[];
}

/** The token of an HTTP request, or of a websocket's connection params (falling back to its upgrade request). */
function requestToken(initial: Record<string, unknown>): string | null {
  const request = initial.request as Request | undefined;
  if (request) return bearerToken(request.headers.get("authorization"));
  const fromParams = tokenFromConnectionParams(initial.connectionParams);
  const upgrade = initial.req as { headers?: Record<string, string | string[] | undefined> } | undefined;
  return fromParams ?? bearerToken(upgrade?.headers?.authorization);
}

export async function startApiServer(instance: WeirInstance, options: ApiServerOptions = {}): Promise<ApiServer> {
  const { host = "127.0.0.1", port = 0, auth = AUTH_DISABLED } = options;
  assertListenAllowed(auth, host);
  const guard: RequestGuardOptions = {
    listenHost: host,
    allowedOrigins: options.allowedOrigins,
    allowedHosts: options.allowedHosts,
  };
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // JSON bodies only (see requestGuard.ts): no multipart parsing at all.
    multipart: false,
    cors: corsFor(guard),
    plugins: [useRequestGuard(guard)],
    context: async (initial) => ({
      instance,
      principal: await authenticate(instance.store, auth, requestToken(initial as Record<string, unknown>)),
    }),
    graphiql: { subscriptionsProtocol: "WS", title: "Weir", additionalHeaders: { [WEIR_REQUEST_HEADER]: "graphiql" } },
    logging: {
      debug: (...args) => instance.log.debug(args.map(String).join(" ")),
      info: (...args) => instance.log.info(args.map(String).join(" ")),
      warn: (...args) => instance.log.warn(args.map(String).join(" ")),
      error: (...args) => instance.log.error(args.map(String).join(" ")),
    },
  });

  const server = createServer(yoga);
  // Revoking a token (here or in another API process) closes the websockets it opened.
  const tokenSockets = createTokenSockets();
  const stopRevocations = instance.bus.subscribeSignals((kind, data) => {
    if (kind === "apiTokenRevoked" && typeof data.tokenId === "string") tokenSockets.closeForToken(data.tokenId);
  });
  const wsServer = new WebSocketServer({
    server,
    path: GRAPHQL_PATH,
    // A browser opens websockets to any site without CORS: the upgrade's Origin and Host are checked here.
    verifyClient: ({ req }, done) => {
      const problem = checkUpgrade(req, guard);
      if (problem) done(false, 403, problem, { "content-type": "text/plain; charset=utf-8" });
      else done(true);
    },
  });
  const wsDisposable = useServer(
    {
      // onSubscribe puts yoga's enveloped execute/subscribe in rootValue, so plugins apply to websockets too.
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      // With auth on, a socket without a valid token is closed at once (4403 Forbidden).
      onConnect: async (ctx) => {
        if (!auth.enabled) return true;
        const token = tokenFromConnectionParams(ctx.connectionParams) ?? bearerToken(ctx.extra.request.headers.authorization);
        const principal = await authenticate(instance.store, auth, token);
        if (principal.role === null) return false;
        if (principal.tokenId) tokenSockets.add(principal.tokenId, ctx.extra.socket);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const {
          schema: enveloped,
          execute,
          subscribe,
          contextFactory,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
        }
        const errors = validate(enveloped, document);
        if (errors.length) return errors;
        return {
          schema: enveloped,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        } as ExecutionArgs;
      },
    },
    wsServer,
  );

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // Nothing of this server stays behind: the caller closes the instance and exits.
    stopRevocations();
    await wsDisposable.dispose();
    wsServer.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new PortInUseError(host, port, { cause: error });
    throw error;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${GRAPHQL_PATH}`,
    wsUrl: `ws://${shownHost}:${address.port}${GRAPHQL_PATH}`,
    server,
    close: async () => {
      stopRevocations();
      await wsDisposable.dispose();
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
