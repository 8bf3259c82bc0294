// Ctrl-C / SIGTERM for the long-running commands: the first signal shuts down cleanly (runs in flight are
// stopped and recorded), a second one exits at once.
import type { Logger } from "pino";

export function onShutdownSignals(log: Logger, what: string, shutdown: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting for runs`);
      process.exit(130);
    }
    stopping = true;
    log.info(`${signal}: ${what} (in-flight runs are stopped and recorded)`);
    await shutdown();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
