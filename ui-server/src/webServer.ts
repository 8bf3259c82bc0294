// The web UI's HTTP server: serves the static export of @weir/web and forwards /graphql (HTTP and
// websocket) to the API. Builds the UI in the background when the build is missing or stale, showing a
// "building" page meanwhile, so `npm install && npm start` needs no extra step.
import { createReadStream } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { proxyHttp, proxyUpgrade } from "./apiProxy.ts";
import { buildingPage } from "./buildingPage.ts";
import { resolveStaticFile } from "./staticFiles.ts";
import { BUILDS_FROM_SOURCE, loadWebBuilder, WEB_OUT_DIR, type WebBuilder } from "./webRoot.ts";

export interface WebServerOptions {
  /** The API's GraphQL URL, e.g. http://127.0.0.1:3000/graphql. */
  apiUrl: string;
  host?: string;
  port?: number;
  /** Build the UI when missing or stale (default: in the repository only; an installed UI comes prebuilt). */
  build?: boolean;
  log?: { info(message: string): void; error(message: string): void };
}

export interface WebServer {
  url: string;
  server: Server;
  /** Resolves once the UI is built (at once when it was fresh). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The UI's port is taken (another `weir dev`, or any other server). */
export class WebPortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(`port ${port} on ${host} is in use (another weir dev?): stop that process or pass --web-port N`, options);
    this.name = "WebPortInUseError";
  }
}

type BuildState = { status: "ready" } | { status: "building" } | { status: "failed"; error: string };

export async function startWebServer({
  apiUrl,
  host = "127.0.0.1",
  port = 0,
  build = BUILDS_FROM_SOURCE,
  log,
}: WebServerOptions): Promise<WebServer> {
  const api = new URL(apiUrl);
  // The port is taken before the build starts, so a port in use fails at once and starts no build.
  const builder = build ? await loadWebBuilder() : undefined;
  const needsBuild = builder !== undefined && !builder.isBuildFresh();
  let state: BuildState = needsBuild ? { status: "building" } : { status: "ready" };
  let running: ReturnType<WebBuilder["buildWeb"]> | undefined;
  let ready = Promise.resolve();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://weir");
    if (url.pathname === "/graphql" || url.pathname.startsWith("/graphql/")) {
      return proxyHttp(req, res, new URL(api.pathname + url.search, api), host);
    }
    if (url.pathname === "/__weir/web-status") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return res.end(JSON.stringify({ status: state.status, apiUrl: api.href }));
    }
    if (state.status !== "ready") {
      res.writeHead(503, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(buildingPage(state));
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405);
      return res.end();
    }
    // Next's client router marks its RSC payload fetches (the header, and a cache-busting _rsc parameter).
    const rsc = req.headers.rsc === "1" || url.searchParams.has("_rsc");
    const file = resolveStaticFile(WEB_OUT_DIR, url.pathname, { rsc });
    if (!file) {
      const notFound = resolveStaticFile(WEB_OUT_DIR, "/404.html");
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      if (!notFound) return res.end("not found");
      return createReadStream(notFound.path).pipe(res);
    }
    res.writeHead(200, {
      "content-type": file.contentType,
      "cache-control": file.cacheControl,
      ...(file.vary ? { vary: file.vary } : {}),
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(file.path)
      .on("error", () => res.destroy())
      .pipe(res);
  });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://weir");
    if (url.pathname !== "/graphql") return socket.destroy();
    proxyUpgrade(req, socket, head, new URL(api.pathname + url.search, api), host);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new WebPortInUseError(host, port, { cause: error });
    throw error;
  }
  if (builder && needsBuild) {
    log?.info("building the web UI (first start, or its sources changed)");
    const started = performance.now();
    running = builder.buildWeb();
    ready = running.done.then(
      () => {
        state = { status: "ready" };
        log?.info(`web UI built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
      (error: Error) => {
        state = { status: "failed", error: error.message };
        log?.error(`the web UI failed to build: ${error.message}`);
      },
    );
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    ready,
    async close() {
      running?.cancel();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
