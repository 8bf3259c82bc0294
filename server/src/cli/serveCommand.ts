// `weir dev` and `weir server`: the API (and, for dev, everything else in one process) until Ctrl-C.
import { pino } from "pino";
import { resolveConfig, type ConfigFlags } from "../config/weirConfig.ts";
import { startApiServer } from "../http/apiServer.ts";
import { startWeirInstance } from "../instance/weirInstance.ts";

export async function serveCommand(mode: "dev" | "server", flags: ConfigFlags): Promise<void> {
  const config = await resolveConfig(flags);
  const log = pino({ level: process.env.WEIR_LOG_LEVEL ?? (mode === "dev" ? "info" : "info") }, pino.destination(2));
  if (config.locations.length === 0) log.warn("no code location given: pass --definitions FILE (or `locations` in weir.config.ts)");
  const instance = await startWeirInstance(config, { log });
  let api;
  try {
    api = await startApiServer(instance, { host: config.host, port: config.port });
  } catch (error) {
    await instance.close();
    throw error;
  }
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
