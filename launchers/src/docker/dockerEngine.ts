// Which Docker engine the docker launcher (and `weir docker build-image`) talks to, and what its
// failures mean to an operator: explicit options win over DOCKER_HOST, which wins over the local socket.
import { readFileSync } from "node:fs";
import Docker from "dockerode";

export interface DockerEngineOptions {
  /** Unix socket of a local engine (default /var/run/docker.sock, or DOCKER_HOST). */
  socketPath?: string;
  /** A remote engine: host name and port (tcp). */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** TLS for a remote engine: PEM text or a path to a PEM file. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface DockerEngine {
  docker: Docker;
  /** The engine's address, for messages and describe(). */
  where: string;
  /** True when the engine runs on this host (a unix socket): host paths can be bind-mounted. */
  local: boolean;
}

/** Reads a PEM given inline or as a file path. */
function pem(value: string | undefined, what: string): string | undefined {
  if (!value) return undefined;
  if (value.includes("-----BEGIN")) return value;
  try {
    return readFileSync(value, "utf8");
  } catch (error) {
    throw new Error(
      `cannot read the Docker TLS ${what} at ${value}: ${(error as Error).message}; set launcher.options.${what} to a PEM file that exists`,
    );
  }
}

export function connectDockerEngine(options: DockerEngineOptions = {}, env: NodeJS.ProcessEnv = process.env): DockerEngine {
  if (options.host) {
    const tls = !!(options.ca || options.cert || options.key);
    const protocol = options.protocol ?? (tls ? "https" : "http");
    const port = options.port ?? (protocol === "https" ? 2376 : 2375);
    const docker = new Docker({
      host: options.host,
      port,
      protocol,
      ca: pem(options.ca, "ca"),
      cert: pem(options.cert, "cert"),
      key: pem(options.key, "key"),
    });
    return { docker, where: `${protocol === "https" ? "tcp+tls" : "tcp"}://${options.host}:${port}`, local: false };
  }
  if (options.socketPath) {
    return { docker: new Docker({ socketPath: options.socketPath }), where: `unix://${options.socketPath}`, local: true };
  }
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost) {
    // docker-modem reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH itself.
    return { docker: new Docker(), where: dockerHost, local: dockerHost.startsWith("unix://") };
  }
  return { docker: new Docker({ socketPath: "/var/run/docker.sock" }), where: "unix:///var/run/docker.sock", local: true };
}

const UNREACHABLE_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "EACCES",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

export class DockerEngineUnreachableError extends Error {
  constructor(where: string, cause: Error) {
    super(
      `cannot reach the Docker engine at ${where} (${cause.message}): is dockerd running? ` +
        "Start it (scripts/docker-engine.sh start), or point Weir at a running engine with DOCKER_HOST or " +
        "launcher.options.socketPath / launcher.options.host",
      { cause },
    );
    this.name = "DockerEngineUnreachableError";
  }
}

export class DockerImageMissingError extends Error {
  constructor(image: string, where: string) {
    super(
      `image ${image} not found on the Docker engine at ${where}: build it with \`weir docker build-image --tag ${image}\` ` +
        "(no registry is needed), or set launcher.options.image (or the run tag weir/docker/image) to an image the engine has",
    );
    this.name = "DockerImageMissingError";
  }
}

export function isEngineUnreachable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === "string" && UNREACHABLE_CODES.has(code);
}

/** Turns a dockerode error into one naming the cause and the fix, when we know them. */
export function explainEngineError(error: unknown, engine: DockerEngine, context: { image?: string } = {}): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  if (isEngineUnreachable(err)) return new DockerEngineUnreachableError(engine.where, err);
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 404 && context.image && /no such image/i.test(err.message))
    return new DockerImageMissingError(context.image, engine.where);
  return err;
}
