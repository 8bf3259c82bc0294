// Forwards the UI's /graphql requests to the API, plain HTTP and the graphql-ws websocket upgrade alike,
// so the browser talks to one origin whatever the API's address.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Duplex } from "node:stream";

// The proxy is the UI's origin boundary: it forwards only what the UI's own pages send (Origin, when
// present, is this server's), refuses a DNS name rebound to a loopback address, and drops Origin on the
// way, so the API sees a same-origin client. The API still checks the body type and x-weir-request.
// "origin" is dropped: checked here, and the API's Host differs from this server's.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host", "origin"]);

function isLoopbackName(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\./.test(bare);
}

/** Why the proxy refuses this request, or null. `listenHost` is the address this web server listens on. */
export function proxyRefusal(req: IncomingMessage, listenHost: string): string | null {
  const host = req.headers.host;
  if (!host) return "the request names no Host";
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  if (isLoopbackName(listenHost) && !isLoopbackName(hostname)) {
    return `Host "${host}" is not this Weir web server's (it listens on ${listenHost}); a DNS name pointing at it from elsewhere is refused`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !(URL.canParse(origin) && new URL(origin).host === host)) {
    return `cross-origin request from ${origin} refused: only the Weir UI's own pages may call its API`;
  }
  return null;
}

export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: URL, listenHost = "127.0.0.1"): void {
  const refused = proxyRefusal(req, listenHost);
  if (refused) {
    res.writeHead(403, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ message: refused }] }));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  headers.host = target.host;
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (response) => {
    res.writeHead(response.statusCode ?? 502, response.headers);
    response.pipe(res);
  });
  upstream.on("error", (error) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        errors: [{ message: `The Weir API at ${target.origin} is not reachable (${error.message}). Is the API server running?` }],
      }),
    );
  });
  req.pipe(upstream);
}

export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: URL, listenHost = "127.0.0.1"): void {
  const refused = proxyRefusal(req, listenHost);
  if (refused) {
    socket.end(
      `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refused)}\r\n\r\n${refused}`,
    );
    return;
  }
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  const upstream: Socket =
    target.protocol === "https:"
      ? tlsConnect({ host: target.hostname, port, servername: target.hostname })
      : connect(port, target.hostname);
  const fail = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.once("error", fail);
  socket.once("error", fail);
  upstream.once(target.protocol === "https:" ? "secureConnect" : "connect", () => {
    const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      if (name.toLowerCase() === "origin") continue;
      lines.push(`${name}: ${name.toLowerCase() === "host" ? target.host : req.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  socket.once("close", () => upstream.destroy());
  upstream.once("close", () => socket.destroy());
}
