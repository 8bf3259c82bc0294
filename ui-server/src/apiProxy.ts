// Forwards the UI's /graphql requests to the API, plain HTTP and the graphql-ws websocket upgrade alike,
// so the browser talks to one origin whatever the API's address.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Duplex } from "node:stream";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host"]);

export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  headers.host = target.host;
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (response) => {
    res.writeHead(response.statusCode ?? 502, response.headers);
    response.pipe(res);
  });
  upstream.on("error", (error) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ message: `The Weir API at ${target.origin} is not reachable (${error.message}). Is the API server running?` }] }));
  });
  req.pipe(upstream);
}

export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: URL): void {
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  const upstream: Socket = target.protocol === "https:" ? tlsConnect({ host: target.hostname, port, servername: target.hostname }) : connect(port, target.hostname);
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
      lines.push(`${name}: ${name.toLowerCase() === "host" ? target.host : req.rawHeaders[i + 1]}`);
    }
    upstream.write(lines.join("\r\n") + "\r\n\r\n");
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  socket.once("close", () => upstream.destroy());
  upstream.once("close", () => socket.destroy());
}
