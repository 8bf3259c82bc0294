// The built-in launcher kinds: the one place a kind is named. The config schema, the server's
// `launcherFromConfig` and the CLI's usage text all read it, so a new kind is its folder plus one line
// here. Each entry loads its factory on demand: naming the kinds (parsing the config, `weir --help`)
// then costs nothing, and only a deployment that picks docker loads dockerode (150-400 ms here).
import type { RunLauncher } from "./runLauncher.ts";

/** A launcher factory; `never` accepts each kind's own options type. */
export type LauncherFactory = (options: never) => RunLauncher;

export const LAUNCHER_FACTORIES = {
  "in-process": async () => (await import("./inProcess/inProcessLauncher.ts")).createInProcessLauncher,
  subprocess: async () => (await import("./subprocess/subprocessLauncher.ts")).createSubprocessLauncher,
  docker: async () => (await import("./docker/dockerLauncher.ts")).createDockerLauncher,
} satisfies Record<string, () => Promise<LauncherFactory>>;

export type LauncherKind = keyof typeof LAUNCHER_FACTORIES;

export const LAUNCHER_KINDS = Object.keys(LAUNCHER_FACTORIES) as [LauncherKind, ...LauncherKind[]];

export function isLauncherKind(value: string): value is LauncherKind {
  return Object.hasOwn(LAUNCHER_FACTORIES, value);
}

/** The factory of a built-in kind, taking the options as the config holds them (each kind checks its own). */
export async function loadLauncherFactory(kind: LauncherKind): Promise<(options: Record<string, unknown>) => RunLauncher> {
  return (await LAUNCHER_FACTORIES[kind]()) as (options: Record<string, unknown>) => RunLauncher;
}
