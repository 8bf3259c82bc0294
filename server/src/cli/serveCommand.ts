// `weir dev` and `weir server`: the API (and, for dev, everything else in one process) until Ctrl-C.
import { pino } from "pino";
import { isLoopbackHost, resolveAuthSettings, type AuthFlags } from "../auth/authSettings.ts";
import { resolveConfig, type ConfigFlags } from "../config/weirConfig.ts";
import { startApiServer } from "../http/apiServer.ts";
import { startWeirInstance } from "../instance/weirInstance.ts";

export async function serveCommand(mode: "dev" | "server", flags: ConfigFlags, authFlags: AuthFlags = {}): Promise<void> {
  const config = await resolveConfig(flags);
  // Decided before anything starts: an open API on a non-loopback address is refused here.
  const auth = resolveAuthSettings(mode, config.host, authFlags);
  const log = pino({ level: process.env.WEIR_LOG_LEVEL ?? (mode === "dev" ? "info" : "info") }, pino.destination(2));
  if (config.locations.length === 0) log.warn("no code location given: pass --definitions FILE (or `locations` in weir.config.ts)");
  const instance = await startWeirInstance(config, { log });
  let api;
  try {
    api = await startApiServer(instance, { host: config.host, port: config.port, auth });
  } catch (error) {
    await instance.close();
    throw error;
  }
  if (!auth.enabled && !isLoopbackHost(config.host)) log.warn(`the API on ${config.host} takes no token (--insecure): anyone who can reach it can change anything`);
  else if (auth.enabled) log.info("API auth on: requests need an API token (Authorization: Bearer TOKEN); create one with `weir tokens create`");
  // Scripts and tests read this line to find a port-0 server.
  process.stdout.write(`weir api listening on ${api.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting for runs`);
      process.exit(130);
    }
    stopping = true;
    log.info(`${signal}: shutting down (in-flight runs are stopped and recorded)`);
    await api.close().catch((error) => log.error({ err: error }, "closing the API server"));
    await instance.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
