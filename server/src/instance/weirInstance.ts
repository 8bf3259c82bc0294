// One running Weir instance: the store, the event sink, the code locations, the launcher, the run queue
// and (unless config.daemon.enabled is false) the daemon, wired together. The API and the CLI talk to it;
// it knows nothing of HTTP.
import type { RunLauncher } from "@weir/launchers";
import { pino, type Logger } from "pino";
import { createAssetLayouts, type AssetLayouts } from "../assetLayout/assetLayouts.ts";
import { createCodeLocationManager, type CodeLocationManager } from "../codeLocations/codeLocationManager.ts";
import type { WeirConfig } from "../config/weirConfig.ts";
import { CodeLocationError, WeirApiError } from "../errors.ts";
import { createEventSink, type EventSink } from "../events/eventSink.ts";
import type { Run } from "../generated/prisma/client.ts";
import { startDaemon, type Daemon } from "../daemon/daemon.ts";
import { singleProcessLiveness, startPostgresLiveness, type DaemonLiveness } from "../daemon/daemonLiveness.ts";
import { newDaemonId } from "../daemon/heartbeats.ts";
import { createRemoteDispatch, createRunQueue } from "../runs/runQueue.ts";
import type { RunDispatcher } from "../runs/runDispatcher.ts";
import { startCrossProcessBus, type CrossProcessBus } from "../store/crossProcessBus.ts";
import * as launching from "../runs/runLaunching.ts";
import type { RunServices } from "../runs/runServices.ts";
import { startRunMonitor } from "../runs/runMonitor.ts";
import { deleteRun, stopActiveRuns, terminateRun } from "../runs/runTermination.ts";
import { openStore, type Store } from "../store/openStore.ts";
import { launcherFromConfig } from "./launcherFromConfig.ts";

export interface WeirInstance {
  config: WeirConfig;
  store: Store;
  sink: EventSink;
  locations: CodeLocationManager;
  /** The asset lineage's layout, recomputed in the background when locations (re)load. */
  assetLayouts: AssetLayouts;
  launcher: RunLauncher;
  dispatcher: RunDispatcher;
  /** What this process tells the others on its database (and hears from them). */
  bus: CrossProcessBus;
  /** The daemon loops, when this process runs them. */
  daemon: Daemon | null;
  log: Logger;
  launchRun(input: launching.LaunchRunInput): Promise<Run>;
  materializeAssets(input: launching.MaterializeAssetsInput): Promise<Run>;
  reexecuteRun(runId: string, strategy: launching.ReexecutionStrategy): Promise<Run>;
  terminateRun(runId: string): Promise<Run>;
  deleteRun(runId: string): Promise<string>;
  /** Stops runs in flight (marking them with a reason), flushes events and closes the store. */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface StartInstanceOptions {
  log?: Logger;
  /** A launcher object instead of the one the config names (tests, embedding). */
  launcher?: RunLauncher;
  /** A migrated PGlite dump to start a new embedded instance from (tests: skips initdb). */
  pgliteTemplate?: Blob;
  /** False leaves schedules to be driven by hand (tests of the scheduler with a chosen clock). */
  fireSchedules?: boolean;
}

/** Turns failures of the code location (down, timed out) into the API's CodeLocationError. */
async function asLocationError<T>(locationName: () => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WeirApiError) throw error;
    throw new CodeLocationError(locationName(), (error as Error).message);
  }
}

export async function startWeirInstance(config: WeirConfig, options: StartInstanceOptions = {}): Promise<WeirInstance> {
  const log = options.log ?? pino({ level: process.env.WEIR_LOG_LEVEL ?? "info" });
  const store = await openStore({
    instanceDir: config.instanceDir,
    databaseUrl: config.databaseUrl ?? null,
    pgliteTemplate: options.pgliteTemplate,
  });
  const cleanup: (() => Promise<unknown>)[] = [() => store.close()];
  try {
    const localSink = createEventSink(store, {
      ...config.eventSink,
      onError: (error) => log.error({ err: error.cause ?? error, events: error.events.length }, `event sink: ${error.message}`),
      onWarning: (message, error) => log.warn({ err: error }, `event sink: ${message}`),
    });
    cleanup.unshift(() => localSink.close());
    const bus = await startCrossProcessBus({
      store,
      sink: localSink,
      databaseUrl: config.databaseUrl ?? null,
      onError: (error) => log.warn({ err: error }, error.message),
    });
    // Closed after the sink's last flush, so the final events still reach other processes.
    cleanup.splice(cleanup.length - 1, 0, () => bus.close());
    // Subscribers (runEvents) see events stored by every process on the database, not only this one.
    const sink = bus.sinkForAllProcesses(localSink);
    const locations = createCodeLocationManager({
      locations: config.locations,
      env: config.workerEnv,
      onOutput: (location, stream, text) => log.info({ location, stream }, text.trimEnd()),
    });
    cleanup.unshift(() => locations.dispose());
    const launcher =
      options.launcher ??
      (await launcherFromConfig(config.launcher, process.cwd(), {
        workerEnv: config.workerEnv,
        allowedImages: config.docker.allowedImages,
      }));
    cleanup.unshift(() => launcher.dispose());
    await locations.start();
    for (const l of locations.list()) {
      if (l.status === "ERROR")
        log.error({ location: l.name, file: l.file }, `code location failed to load: ${l.error?.message}`);
    }
    const assetLayouts = createAssetLayouts(locations, log);
    cleanup.unshift(async () => assetLayouts.dispose());

    const services: RunServices = {
      store,
      sink,
      locations,
      launcher,
      launcherName: launcher.name,
      instanceDir: config.instanceDir,
      log,
    };
    const daemonId = newDaemonId();
    const queue =
      (config.daemon.enabled ?? true)
        ? createRunQueue(services, { limits: config.runQueue, sweepIntervalMs: config.runQueue.sweepIntervalMs, bus, daemonId })
        : null;
    const dispatcher: RunDispatcher = queue ?? createRemoteDispatch(bus);
    const monitor = startRunMonitor(services, dispatcher, config.runMonitor);
    cleanup.unshift(() => monitor.stop());
    let liveness: DaemonLiveness | null = null;
    if (queue) {
      liveness = config.databaseUrl
        ? await startPostgresLiveness({ store, databaseUrl: config.databaseUrl, daemonId, log })
        : singleProcessLiveness(daemonId);
      // Released last: until this process is gone, no other daemon takes its runs over.
      cleanup.splice(cleanup.length - 1, 0, () => liveness!.close());
    }
    const daemon =
      queue && liveness
        ? startDaemon({ services, queue, monitor, bus, config: config.daemon, liveness, fireSchedules: options.fireSchedules })
        : null;
    if (daemon) cleanup.unshift(() => daemon.stop());
    // Runs left in progress by daemons that are gone (the previous process, a killed daemon): settled before
    // this daemon dequeues; live daemons' runs stay theirs. A process without a daemon owns none.
    if (daemon) await daemon.loop("runTakeover").takeover.pass();
    dispatcher.notify();

    let closing: Promise<void> | undefined;
    return {
      config,
      store,
      sink,
      locations,
      assetLayouts,
      launcher,
      dispatcher,
      bus,
      daemon,
      log,
      launchRun: (input) =>
        asLocationError(
          () => locations.findJob(input.job)?.location.name ?? input.job,
          () => launching.launchRun(services, dispatcher, input),
        ),
      materializeAssets: (input) =>
        asLocationError(
          () => input.keys.join(", "),
          () => launching.materializeAssets(services, dispatcher, input),
        ),
      reexecuteRun: (runId, strategy) => launching.reexecuteRun(services, dispatcher, runId, strategy),
      terminateRun: (runId) => terminateRun(services, dispatcher, runId),
      deleteRun: (runId) => deleteRun(services, runId),
      close: ({ graceMs = 10_000 } = {}) =>
        (closing ??= (async () => {
          await stopActiveRuns(services, dispatcher, graceMs).catch((error) =>
            log.error({ err: error }, "could not stop runs in flight"),
          );
          for (const step of cleanup) await step().catch((error) => log.error({ err: error }, "error while shutting down"));
        })()),
    };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => {});
    throw error;
  }
}
