// Keeps other web sites out of the API. With auth off (`weir dev` on loopback) any page a developer
// opens could otherwise launch or delete runs: a form or multipart POST needs no CORS preflight, and
// DNS rebinding makes a foreign page "same-origin" with 127.0.0.1. So:
// - a POST body must be JSON (what browsers cannot send cross-site without a preflight), and carry the
//   x-weir-request header (which no cross-site form or simple request can set);
// - a request (or websocket upgrade) with an Origin must come from this server's own origin or one the
//   config allows; CORS headers are given to those origins only;
// - on a loopback address, the Host must be a loopback name (or one the config allows): a rebound DNS
//   name is refused.
import type { IncomingMessage } from "node:http";
import type { Plugin } from "graphql-yoga";
import { isLoopbackHost } from "../auth/authSettings.ts";

/** The header every Weir client sends on POST; its value is free (clients send their name). */
export const WEIR_REQUEST_HEADER = "x-weir-request";
/** Request body types the API reads. */
const JSON_CONTENT_TYPES = ["application/json", "application/graphql-response+json"];

export interface RequestGuardOptions {
  /** The address the API listens on: on a loopback one, only loopback Host names are served. */
  listenHost: string;
  /** Origins besides the API's own whose pages may call it (CORS), e.g. "https://weir.example.com". */
  allowedOrigins?: string[];
  /** Host names (or host:port) besides loopback ones that requests may be addressed to. */
  allowedHosts?: string[];
}

export class RequestRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RequestRefusedError";
  }
}

function hostnameOf(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}

/** Why a request addressed to `host` is refused, or null when it may be served. */
export function checkHost(host: string | null | undefined, options: RequestGuardOptions): string | null {
  if (!host) return "the request names no Host";
  const allowed = options.allowedHosts ?? [];
  // A loopback name is never a rebound one: a foreign page's requests carry the foreign name.
  if (isLoopbackHost(hostnameOf(host))) return null;
  if (allowed.includes(host) || allowed.includes(hostnameOf(host))) return null;
  // Elsewhere the names a server answers to are the deployment's to list; unlisted, any is served.
  if (!isLoopbackHost(options.listenHost) && allowed.length === 0) return null;
  return (
    `Host "${host}" is not this Weir server's (it listens on ${options.listenHost}): ` +
    "a DNS name pointing at it from elsewhere is refused; add the name to http.allowedHosts in weir.config.ts to serve it"
  );
}

/** Why a request from `origin` is refused, or null (no Origin: not a browser's cross-site request). */
export function checkOrigin(
  origin: string | null | undefined,
  host: string | null | undefined,
  options: RequestGuardOptions,
): string | null {
  if (origin === undefined || origin === null) return null;
  if ((options.allowedOrigins ?? []).includes(origin)) return null;
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  if (parsed && host && parsed.host === host) return null;
  return `cross-origin request from ${origin} refused: only this server's own pages, and the origins in http.allowedOrigins of weir.config.ts, may call the API`;
}

/** Why a POST is refused (body type, CSRF header), or null. */
export function checkPost(headers: { get(name: string): string | null }): RequestRefusedError | null {
  const contentType = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!JSON_CONTENT_TYPES.includes(contentType)) {
    return new RequestRefusedError(
      415,
      `the API reads only application/json request bodies (got ${contentType || "no content type"})`,
    );
  }
  if (!headers.get(WEIR_REQUEST_HEADER)) {
    return new RequestRefusedError(
      403,
      `a POST to the API needs the header ${WEIR_REQUEST_HEADER} (any value; @weir/client, the CLI and the web UI send it)`,
    );
  }
  return null;
}

function refusal(fetchAPI: { Response: typeof Response }, error: RequestRefusedError): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message: error.message }] }), {
    status: error.status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** The yoga plugin: refuses what the rules above forbid before anything is parsed or run. */
export function useRequestGuard(options: RequestGuardOptions): Plugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      const host = request.headers.get("host");
      const hostProblem = checkHost(host, options);
      if (hostProblem) return endResponse(refusal(fetchAPI, new RequestRefusedError(403, hostProblem)));
      // A preflight gets its answer from the CORS plugin: no CORS headers for a foreign origin.
      if (request.method === "OPTIONS") return;
      const originProblem = checkOrigin(request.headers.get("origin"), host, options);
      if (originProblem) return endResponse(refusal(fetchAPI, new RequestRefusedError(403, originProblem)));
      if (request.method === "POST") {
        const postProblem = checkPost(request.headers);
        if (postProblem) return endResponse(refusal(fetchAPI, postProblem));
      }
    },
  };
}

/** CORS for yoga: the origins the guard allows get credentials and Weir's headers; others get nothing. */
export function corsFor(options: RequestGuardOptions) {
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (!origin || checkOrigin(origin, request.headers.get("host"), options)) return false as const;
    return {
      origin: [origin],
      credentials: true,
      methods: ["GET", "POST"],
      allowedHeaders: ["content-type", "authorization", WEIR_REQUEST_HEADER],
    };
  };
}

/** The websocket upgrade's check (graphql-ws over ws): the same Host and Origin rules. */
export function checkUpgrade(req: IncomingMessage, options: RequestGuardOptions): string | null {
  const host = req.headers.host;
  return checkHost(host, options) ?? checkOrigin(req.headers.origin, host, options);
}
