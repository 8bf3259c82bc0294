// Builds the deployment's run launcher from its config: a built-in kind, or a user's module whose
// default export (or `createLauncher` export) takes the options and returns a RunLauncher.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadLauncherFactory, type RunLauncher, type WorkerEnvSettings } from "@weir/launchers";
import type { LauncherConfig } from "../config/weirConfig.ts";

export class LauncherConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LauncherConfigError";
  }
}

function isRunLauncher(value: unknown): value is RunLauncher {
  const l = value as RunLauncher | null;
  return (
    !!l &&
    typeof l.launch === "function" &&
    typeof l.terminate === "function" &&
    typeof l.checkHealth === "function" &&
    typeof l.dispose === "function"
  );
}

/** Deployment settings a launcher takes besides its own options (those win). */
export interface LauncherDeploymentSettings {
  /** `workerEnv` of the config: what the launcher's workers inherit. */
  workerEnv?: WorkerEnvSettings;
  /** `docker.allowedImages` of the config (the launchers that run images enforce it). */
  allowedImages?: string[];
}

/** The launcher's own options joined with the deployment's settings. */
function withDeploymentSettings(options: Record<string, unknown>, settings: LauncherDeploymentSettings): Record<string, unknown> {
  const { workerEnv = {}, allowedImages } = settings;
  const own = (options.workerEnv ?? {}) as WorkerEnvSettings;
  return {
    ...options,
    workerEnv: { pass: [...(workerEnv.pass ?? []), ...(own.pass ?? [])], set: { ...workerEnv.set, ...own.set } },
    ...(allowedImages ? { allowedImages } : {}),
  };
}

export async function launcherFromConfig(
  config: LauncherConfig,
  cwd = process.cwd(),
  settings: LauncherDeploymentSettings = {},
): Promise<RunLauncher> {
  if ("kind" in config) return (await loadLauncherFactory(config.kind))(withDeploymentSettings(config.options, settings));
  const file =
    config.module.startsWith(".") || config.module.startsWith("/")
      ? pathToFileURL(resolve(cwd, config.module)).href
      : config.module;
  const { tsImport } = await import("tsx/esm/api");
  let mod: Record<string, unknown>;
  try {
    mod = (await tsImport(file, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new LauncherConfigError(`could not load launcher module ${config.module}: ${(error as Error).message}`);
  }
  const factory = (mod.createLauncher ?? mod.default) as ((options: unknown) => unknown) | undefined;
  if (typeof factory !== "function") {
    throw new LauncherConfigError(
      `launcher module ${config.module} must export a function (default or createLauncher) that returns a RunLauncher`,
    );
  }
  const launcher = await factory(config.options);
  if (!isRunLauncher(launcher)) {
    throw new LauncherConfigError(
      `launcher module ${config.module} returned something without launch/terminate/checkHealth/dispose`,
    );
  }
  return launcher;
}
