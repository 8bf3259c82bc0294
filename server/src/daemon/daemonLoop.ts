// What a daemon loop is: one concern the daemon runs on its own (the run queue, schedules, sensors, the run
// monitor...). A loop names itself, says what it does, when the daemon should run a pass of it, and how it
// starts; loopRunner.ts runs every loop the same way (timer, signals, one pass at a time, heartbeats, stop),
// and daemonLoops.ts lists them. A loop's own file holds only its wiring: the domain code lives in its
// domain's folder (schedules/, sensors/, runs/).
import type { WeirConfig } from "../config/weirConfig.ts";
import type { RunMonitor } from "../runs/runMonitor.ts";
import type { RunQueue } from "../runs/runQueue.ts";
import type { RunServices } from "../runs/runServices.ts";
import type { CrossProcessBus, SignalKind } from "../store/crossProcessBus.ts";
import type { DaemonLiveness } from "./daemonLiveness.ts";

export type DaemonConfig = WeirConfig["daemon"];

/** What a loop may use: the run services and the parts of the instance the daemon was started with. */
export interface DaemonLoopContext {
  services: RunServices;
  queue: RunQueue;
  monitor: RunMonitor;
  bus: CrossProcessBus;
  config: DaemonConfig;
  /** Which daemons on the database are alive (this one included). */
  liveness: DaemonLiveness;
  daemonId: string;
  /** False leaves schedules to be driven by hand (tests of the scheduler with a chosen clock). */
  fireSchedules: boolean;
  /** Reports work done outside a pass (a schedule fired, a sensor evaluated), with its error if it failed. */
  beat(error?: Error): void;
}

/** When the daemon runs a loop's pass, besides whatever the loop wakes itself for. */
export interface LoopTriggers {
  /** Milliseconds between passes; null when the loop wakes itself (the run queue). */
  intervalMs: number | null;
  /** Signals from any process on the database that run a pass at once. */
  signals?: readonly SignalKind[];
  /** Whether a pass runs as soon as the loop starts. */
  atStart?: boolean;
}

/** What a started loop gives the daemon. A loop may return more (its domain object) for tests and callers. */
export interface LoopHandle {
  /** One pass. The runner never runs two at once and records each outcome as the loop's heartbeat. */
  pass(): Promise<void>;
  /** Stops what the loop started itself (timers, tasks) and waits for the work in flight. */
  stop(): Promise<void>;
}

export interface DaemonLoop<Name extends string = string, Handle extends LoopHandle = LoopHandle> {
  /** Stable identifier: the heartbeat rows' loop_name and the API's loopName. */
  readonly name: Name;
  /** Short human name, shown by the UI. */
  readonly label: string;
  /** What the loop does, in one sentence (the API and the UI show it). */
  readonly description: string;
  triggers(config: DaemonConfig): LoopTriggers;
  start(context: DaemonLoopContext): Handle;
}

/** Declares a loop, keeping its name's literal type so the daemon can hand back its typed handle. */
export function defineDaemonLoop<const Name extends string, Handle extends LoopHandle>(
  loop: DaemonLoop<Name, Handle>,
): DaemonLoop<Name, Handle> {
  return loop;
}
