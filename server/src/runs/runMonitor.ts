// The run monitor: every few seconds it looks at the runs this process is responsible for (started by its
// dispatcher or reattached at start-up) and ends those that would otherwise hang: a worker gone without a
// final event, a run stuck STARTING, a run past its `weir/max_runtime`, a cancellation that does not finish.
import { IN_PROGRESS_STATUSES, isFinished, type RunStatus } from "@weir/sdk";
import type { RunDispatcher } from "./runDispatcher.ts";
import { writeServerEvents } from "./runEventWriter.ts";
import type { RunServices } from "./runServices.ts";
import { terminateRun } from "./runTermination.ts";

export const MAX_RUNTIME_TAG = "weir/max_runtime";

export interface RunMonitorOptions {
  intervalMs: number;
  startTimeoutMs: number;
  cancelTimeoutMs: number;
}

export interface RunMonitor {
  /** Watches a run this process did not start through the dispatcher (reattached), until `ended`. */
  track(runId: string, ended: Promise<void>): void;
  /** One pass over the watched runs (the timer calls it; tests may too). */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/** A worker must look gone on this many checks in a row, and for this long: its normal exit may be on its way. */
const STRIKES_TO_FAIL = 2;
const GONE_FOR_MS = 2000;

interface Watch {
  status: string;
  /** When this process first saw the run in `status`. */
  since: number;
  strikes: number;
  goneSince?: number;
  maxRuntimeHandled?: boolean;
  cancelTimeoutHandled?: boolean;
}

export function startRunMonitor(
  services: RunServices,
  dispatcher: RunDispatcher,
  options: RunMonitorOptions,
  now: () => number = Date.now,
): RunMonitor {
  const tracked = new Set<string>();
  const watches = new Map<string, Watch>();
  let running: Promise<void> | undefined;
  let stopped = false;

  const failRun = async (runId: string, status: "FAILURE" | "CANCELED", message: string, data: Record<string, unknown>) => {
    await services.sink.flush();
    const current = await services.store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!current || isFinished(current.status as RunStatus)) return;
    await writeServerEvents(services, runId, [
      status === "FAILURE" ? { type: "RUN_FAILURE", level: "ERROR", message, data } : { type: "RUN_CANCELED", message, data },
    ]);
  };

  async function checkRun(run: {
    id: string;
    status: string;
    tags: unknown;
    startedAt: Date | null;
    createdAt: Date;
  }): Promise<void> {
    const t = now();
    let watch = watches.get(run.id);
    if (!watch || watch.status !== run.status) {
      watch = { ...watch, status: run.status, since: t, strikes: 0 };
      watches.set(run.id, watch);
    }
    const { launcher } = services;

    if (run.status === "STARTING" && t - watch.since > options.startTimeoutMs) {
      const reason = `the run did not start within ${options.startTimeoutMs / 1000} s (runMonitor.startTimeoutMs); its worker was stopped`;
      await failRun(run.id, "FAILURE", `run failed: ${reason}`, { reason });
      await launcher.terminate(run.id).catch(() => false);
      return;
    }

    const maxRuntime = Number((run.tags as Record<string, string> | null)?.[MAX_RUNTIME_TAG]);
    if (run.status !== "CANCELING" && Number.isFinite(maxRuntime) && maxRuntime > 0 && !watch.maxRuntimeHandled) {
      const startedAt = run.startedAt?.getTime() ?? run.createdAt.getTime();
      if (t - startedAt > maxRuntime * 1000) {
        watch.maxRuntimeHandled = true;
        await writeServerEvents(services, run.id, [
          {
            type: "ENGINE_EVENT",
            level: "WARNING",
            message: `run exceeded its max runtime of ${maxRuntime} s (tag ${MAX_RUNTIME_TAG}); terminating it`,
            data: { maxRuntimeSeconds: maxRuntime },
          },
        ]);
        await terminateRun(services, dispatcher, run.id).catch((error) =>
          services.log.error({ err: error, runId: run.id }, "could not terminate a run past its max runtime"),
        );
        return;
      }
    }

    if (run.status === "CANCELING" && t - watch.since > options.cancelTimeoutMs && !watch.cancelTimeoutHandled) {
      watch.cancelTimeoutHandled = true;
      // A second terminate escalates: the worker exits at once on a second SIGTERM, containers are killed.
      await launcher.terminate(run.id).catch(() => false);
      const reason = `the run did not stop within ${options.cancelTimeoutMs / 1000} s of being canceled (runMonitor.cancelTimeoutMs); its worker was killed`;
      await failRun(run.id, "CANCELED", `run canceled: ${reason}`, { reason });
      return;
    }

    if (run.status === "STARTING") return; // no worker yet is normal while the launcher starts it
    let health;
    try {
      health = await launcher.checkHealth(run.id);
    } catch (error) {
      // Not knowing is not dead (an engine restarting): try again next time.
      services.log.warn(
        { err: error, runId: run.id },
        `run monitor could not check the run's worker: ${(error as Error).message}`,
      );
      return;
    }
    if (health.status === "RUNNING") {
      watch.strikes = 0;
      watch.goneSince = undefined;
      return;
    }
    watch.goneSince ??= t;
    if (++watch.strikes < STRIKES_TO_FAIL || t - watch.goneSince < GONE_FOR_MS) return;
    const reason = `the run's worker is gone (${health.status === "EXITED" ? (health.detail ?? "exited") : "not found"}) and it reported no end of the run`;
    await failRun(
      run.id,
      run.status === "CANCELING" ? "CANCELED" : "FAILURE",
      `run ${run.status === "CANCELING" ? "canceled" : "failed"}: ${reason}`,
      { reason, worker: health },
    );
  }

  async function checkAll(): Promise<void> {
    const ids = [...new Set([...dispatcher.activeRunIds(), ...tracked])];
    for (const id of watches.keys()) if (!ids.includes(id)) watches.delete(id);
    if (ids.length === 0) return;
    const runs = await services.store.prisma.run.findMany({
      where: { id: { in: ids }, status: { in: [...IN_PROGRESS_STATUSES] } },
      select: { id: true, status: true, tags: true, startedAt: true, createdAt: true },
    });
    for (const run of runs) {
      if (stopped) return;
      await checkRun(run).catch((error) => services.log.error({ err: error, runId: run.id }, "run monitor check failed"));
    }
  }

  const check = () => (running ??= checkAll().finally(() => (running = undefined)));
  const timer = setInterval(() => {
    if (!stopped) void check().catch((error) => services.log.error({ err: error }, "run monitor pass failed"));
  }, options.intervalMs);
  timer.unref();

  return {
    track(runId, ended) {
      tracked.add(runId);
      void ended.finally(() => tracked.delete(runId));
    },
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
