// `weir dev` and `weir server`: the API (and, for dev, everything else in one process, the web UI included)
// until Ctrl-C.
import { pino } from "pino";
import { isLoopbackHost, resolveAuthSettings, type AuthFlags } from "../auth/authSettings.ts";
import { resolveConfig, type ConfigFlags } from "../config/weirConfig.ts";
import { startApiServer } from "../http/apiServer.ts";
import { startWeirInstance } from "../instance/weirInstance.ts";
import { onShutdownSignals } from "./shutdownSignals.ts";

export async function serveCommand(mode: "dev" | "server", flags: ConfigFlags, authFlags: AuthFlags = {}): Promise<void> {
  const config = await resolveConfig(flags);
  // `weir server` leaves the daemon to `weir daemon` processes, except on the embedded store, which no
  // other process can open.
  if (mode === "server") config.daemon.enabled ??= !config.databaseUrl;
  // Decided before anything starts: an open API on a non-loopback address is refused here.
  const auth = resolveAuthSettings(mode, config.host, authFlags);
  const log = pino({ level: process.env.WEIR_LOG_LEVEL ?? "info" }, pino.destination(2));
  if (config.locations.length === 0)
    log.warn("no code location given: pass --definitions FILE (or `locations` in weir.config.ts)");
  const instance = await startWeirInstance(config, { log });
  let api: Awaited<ReturnType<typeof startApiServer>> | undefined;
  let web: { url: string; close(): Promise<void> } | undefined;

  // Installed before anything else starts, so Ctrl-C during start-up (the UI's first build) still
  // shuts down cleanly instead of killing the process with runs in flight.
  let stopping = false;
  onShutdownSignals(log, "shutting down", async () => {
    stopping = true;
    await web?.close().catch((error) => log.error({ err: error }, "closing the web server"));
    await api?.close().catch((error) => log.error({ err: error }, "closing the API server"));
    await instance.close();
  });

  try {
    api = await startApiServer(instance, { host: config.host, port: config.port, auth, ...config.http });
  } catch (error) {
    await instance.close();
    throw error;
  }
  if (!auth.enabled && !isLoopbackHost(config.host))
    log.warn(`the API on ${config.host} takes no token (--insecure): anyone who can reach it can change anything`);
  else if (auth.enabled)
    log.info("API auth on: requests need an API token (Authorization: Bearer TOKEN); create one with `weir tokens create`");
  // Scripts and tests read this line to find a port-0 server.
  process.stdout.write(`weir api listening on ${api.url}\n`);

  // `weir dev` serves the web UI too (built on first start); it forwards /graphql to the API above.
  if (mode === "dev" && !stopping) {
    try {
      const { startWebServer } = await import("@weir/ui-server");
      const webPort = flags.webPort === undefined && config.port === 0 ? 0 : config.webPort;
      web = await startWebServer({
        apiUrl: api.url,
        host: config.host,
        port: webPort,
        log: { info: (m) => log.info(m), error: (m) => log.error(m) },
      });
      process.stdout.write(`weir web listening on ${web.url}\n`);
    } catch (error) {
      log.error({ err: error }, "the web UI could not start; the API keeps serving");
    }
  }
}

/** `weir web`: the web UI alone, forwarding /graphql to the API at --url (or WEIR_URL). */
export async function webCommand(flags: ConfigFlags & { url?: string }): Promise<void> {
  const config = await resolveConfig(flags);
  const log = pino({ level: process.env.WEIR_LOG_LEVEL ?? "info" }, pino.destination(2));
  const apiUrl = flags.url ?? process.env.WEIR_URL ?? `http://127.0.0.1:${config.port || 3000}/graphql`;
  const { startWebServer } = await import("@weir/ui-server");
  const web = await startWebServer({
    apiUrl: new URL(apiUrl).href,
    host: config.host,
    port: config.webPort,
    log: { info: (m) => log.info(m), error: (m) => log.error(m) },
  });
  log.info(`forwarding /graphql to the API at ${apiUrl}`);
  process.stdout.write(`weir web listening on ${web.url}\n`);
  const stop = async () => {
    await web.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
