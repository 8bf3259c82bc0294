// Every daemon loop, in start order. Adding a loop is its file in loops/ and one line here: the daemon
// starts it, the heartbeats carry its name, the API and the UI show its label and description.
import type { DaemonLoop } from "./daemonLoop.ts";
import { runMonitorLoop } from "./loops/runMonitorLoop.ts";
import { runQueueLoop } from "./loops/runQueueLoop.ts";
import { runTakeoverLoop } from "./loops/runTakeoverLoop.ts";
import { schedulerLoop } from "./loops/schedulerLoop.ts";
import { sensorLoop } from "./loops/sensorLoop.ts";

export const DAEMON_LOOPS = [runQueueLoop, schedulerLoop, sensorLoop, runMonitorLoop, runTakeoverLoop] as const;

export type DaemonLoopName = (typeof DAEMON_LOOPS)[number]["name"];
/** What `startDaemon(...).loop(name)` returns for a loop: its handle, typed by the loop's own file. */
export type DaemonLoopHandle<Name extends DaemonLoopName> = ReturnType<
  Extract<(typeof DAEMON_LOOPS)[number], { name: Name }>["start"]
>;

export const DAEMON_LOOP_NAMES: readonly DaemonLoopName[] = DAEMON_LOOPS.map((l) => l.name);

/** The registered loop of that name; undefined for a name only another version of Weir knows. */
export function findDaemonLoop(name: string): DaemonLoop | undefined {
  return (DAEMON_LOOPS as readonly DaemonLoop[]).find((l) => l.name === name);
}
