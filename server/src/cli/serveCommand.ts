// `weir dev` and `weir server`: the API (and, for dev, everything else in one process, the web UI included)
// until Ctrl-C.
import type { Logger } from "pino";
import { isLoopbackHost, resolveAuthSettings, type AuthFlags } from "../auth/authSettings.ts";
import { resolveConfig, type ConfigFlags } from "../config/weirConfig.ts";
import { startApiServer } from "../http/apiServer.ts";
import { startWeirInstance } from "../instance/weirInstance.ts";
import { resolveDefinitionsFiles } from "./definitionsFiles.ts";
import { createProcessLogger, resolveLogFormat } from "./processLogger.ts";
import { onShutdownSignals } from "./shutdownSignals.ts";
import { waitForWebUi } from "./webReadiness.ts";

export interface ProcessFlags extends ConfigFlags {
  /** pretty | json (default: pretty on a terminal); WEIR_LOG_FORMAT otherwise. */
  logFormat?: string;
}

type WebServer = Awaited<ReturnType<typeof import("@weir/ui-server").startWebServer>>;

/** Starts the web UI's server for the API at apiUrl; a port in use is thrown, any other failure logged. */
async function startWebUi(log: Logger, options: { apiUrl: string; host: string; port: number }): Promise<WebServer | undefined> {
  const { startWebServer, WebPortInUseError } = await import("@weir/ui-server");
  try {
    return await startWebServer({ ...options, log: { info: (m) => log.info(m), error: (m) => log.error(m) } });
  } catch (error) {
    if (error instanceof WebPortInUseError) throw error;
    log.error({ err: error }, "the web UI could not start; the API keeps serving");
    return undefined;
  }
}

export async function serveCommand(mode: "dev" | "server", flags: ProcessFlags, authFlags: AuthFlags = {}): Promise<void> {
  const log = createProcessLogger(resolveLogFormat(flags.logFormat));
  const config = await resolveConfig(flags);
  // `weir server` leaves the daemon to `weir daemon` processes, except on the embedded store, which no
  // other process can open.
  if (mode === "server") config.daemon.enabled ??= !config.databaseUrl;
  // Decided before anything starts: an open API on a non-loopback address is refused here.
  const auth = resolveAuthSettings(mode, config.host, authFlags);
  resolveDefinitionsFiles(config, flags);
  const instance = await startWeirInstance(config, { log });
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  let web: WebServer | undefined;

  // Installed before anything else starts, so Ctrl-C during start-up (the UI's first build) still
  // shuts down cleanly instead of killing the process with runs in flight.
  let stopping = false;
  const closeAll = async () => {
    await web?.close().catch((error) => log.error({ err: error }, "closing the web server"));
    await api?.close().catch((error) => log.error({ err: error }, "closing the API server"));
    await instance.close();
  };
  onShutdownSignals(log, "shutting down", async () => {
    stopping = true;
    await closeAll();
  });

  try {
    api = await startApiServer(instance, { host: config.host, port: config.port, auth, ...config.http });
    // `weir dev` serves the web UI too (built on first start); it forwards /graphql to the API above. Its
    // port is taken before the API's line is printed, so a port in use stops the start as a whole.
    if (mode === "dev") {
      const webPort = flags.webPort === undefined && config.port === 0 ? 0 : config.webPort;
      web = await startWebUi(log, { apiUrl: api.url, host: config.host, port: webPort });
    }
  } catch (error) {
    // Nothing stays half-started: the API closes, runs stop, the instance lock is released.
    stopping = true;
    await closeAll();
    throw error;
  }
  if (!auth.enabled && !isLoopbackHost(config.host))
    log.warn(`the API on ${config.host} takes no token (--insecure): anyone who can reach it can change anything`);
  else if (auth.enabled)
    log.info("API auth on: requests need an API token (Authorization: Bearer TOKEN); create one with `weir tokens create`");
  // Scripts and tests read this line to find a port-0 server.
  process.stdout.write(`weir api listening on ${api.url}\n`);

  if (web && (await waitForWebUi(web, log, () => stopping)) && !stopping)
    process.stdout.write(`weir web listening on ${web.url}\n`);
}

/** `weir web`: the web UI alone, forwarding /graphql to the API at --url (or WEIR_URL). */
export async function webCommand(flags: ProcessFlags & { url?: string }): Promise<void> {
  const log = createProcessLogger(resolveLogFormat(flags.logFormat));
  const config = await resolveConfig(flags);
  const apiUrl = flags.url ?? process.env.WEIR_URL ?? `http://127.0.0.1:${config.port || 3000}/graphql`;
  const { startWebServer } = await import("@weir/ui-server");
  const web = await startWebServer({
    apiUrl: new URL(apiUrl).href,
    host: config.host,
    port: config.webPort,
    log: { info: (m) => log.info(m), error: (m) => log.error(m) },
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await web.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  log.info(`forwarding /graphql to the API at ${apiUrl}`);
  if ((await waitForWebUi(web, log, () => stopping)) && !stopping) process.stdout.write(`weir web listening on ${web.url}\n`);
}
