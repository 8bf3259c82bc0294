export type { LaunchRequest, LaunchHooks, RunLauncher, WorkerExit, WorkerHealth } from "./runLauncher.ts";
