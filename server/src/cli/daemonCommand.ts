// `weir daemon`: the daemon alone (run queue, scheduler, sensors, run monitor) against a shared PostgreSQL
// database, beside any number of `weir server` and other `weir daemon` processes, until Ctrl-C.
import { ConfigError, resolveConfig } from "../config/weirConfig.ts";
import { startWeirInstance } from "../instance/weirInstance.ts";
import { resolveDefinitionsFiles } from "./definitionsFiles.ts";
import { createProcessLogger, resolveLogFormat } from "./processLogger.ts";
import type { ProcessFlags } from "./serveCommand.ts";
import { onShutdownSignals } from "./shutdownSignals.ts";

export async function daemonCommand(flags: ProcessFlags): Promise<void> {
  const log = createProcessLogger(resolveLogFormat(flags.logFormat));
  const config = await resolveConfig(flags);
  if (!config.databaseUrl) {
    throw new ConfigError(
      "weir daemon",
      "it needs PostgreSQL (set WEIR_DATABASE_URL or databaseUrl in weir.config.ts): the embedded store belongs to one process, so on it `weir dev` (or `weir server`) runs the daemon itself",
    );
  }
  config.daemon.enabled = true;
  resolveDefinitionsFiles(config, flags);
  const instance = await startWeirInstance(config, { log });
  // Scripts and tests read this line to know the daemon is up.
  process.stdout.write(`weir daemon running as ${instance.daemon!.id} on ${instance.store.describe}\n`);

  onShutdownSignals(log, "stopping the daemon", () => instance.close());
}
