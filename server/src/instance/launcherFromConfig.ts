// Builds the deployment's run launcher from its config: a built-in kind, or a user's module whose
// default export (or `createLauncher` export) takes the options and returns a RunLauncher.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createInProcessLauncher, type RunLauncher, type WorkerEnvSettings } from "@weir/launchers";
import type { LauncherConfig } from "../config/weirConfig.ts";

export class LauncherConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LauncherConfigError";
  }
}

function isRunLauncher(value: unknown): value is RunLauncher {
  const l = value as RunLauncher | null;
  return !!l && typeof l.launch === "function" && typeof l.terminate === "function" && typeof l.checkHealth === "function" && typeof l.dispose === "function";
}

/** Deployment settings the built-in launchers take besides their own options. */
export interface LauncherDeploymentSettings {
  /** `workerEnv` of the config. */
  workerEnv?: WorkerEnvSettings;
  /** `docker.allowedImages` of the config. */
  allowedImages?: string[];
}

/** `workerEnv` from the config joins what the launcher's own options say (those win). */
function withWorkerEnv(options: Record<string, unknown>, workerEnv: WorkerEnvSettings = {}): Record<string, unknown> {
  const own = (options.workerEnv ?? {}) as WorkerEnvSettings;
  return { ...options, workerEnv: { pass: [...(workerEnv.pass ?? []), ...(own.pass ?? [])], set: { ...workerEnv.set, ...own.set } } };
}

export async function launcherFromConfig(config: LauncherConfig, cwd = process.cwd(), settings: LauncherDeploymentSettings = {}): Promise<RunLauncher> {
  const { workerEnv } = settings;
  if ("kind" in config) {
    const launchers = await import("@weir/launchers");
    switch (config.kind) {
      case "in-process":
        return createInProcessLauncher(config.options);
      case "subprocess": {
        const create = (launchers as Record<string, unknown>).createSubprocessLauncher as ((o: unknown) => RunLauncher) | undefined;
        if (!create) throw new LauncherConfigError("the subprocess launcher is not available in this build of @weir/launchers");
        return create(withWorkerEnv(config.options, workerEnv));
      }
      case "docker": {
        const create = (launchers as Record<string, unknown>).createDockerLauncher as ((o: unknown) => RunLauncher) | undefined;
        if (!create) throw new LauncherConfigError("the docker launcher is not available in this build of @weir/launchers; use --launcher in-process or subprocess");
        const allowedImages = settings.allowedImages ?? (config.options.allowedImages as string[] | undefined);
        return create({ ...withWorkerEnv(config.options, workerEnv), ...(allowedImages ? { allowedImages } : {}) });
      }
    }
  }
  const file = config.module.startsWith(".") || config.module.startsWith("/") ? pathToFileURL(resolve(cwd, config.module)).href : config.module;
  const { tsImport } = await import("tsx/esm/api");
  let mod: Record<string, unknown>;
  try {
    mod = (await tsImport(file, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw new LauncherConfigError(`could not load launcher module ${config.module}: ${(error as Error).message}`);
  }
  const factory = (mod.createLauncher ?? mod.default) as ((options: unknown) => unknown) | undefined;
  if (typeof factory !== "function") {
    throw new LauncherConfigError(`launcher module ${config.module} must export a function (default or createLauncher) that returns a RunLauncher`);
  }
  const launcher = await factory(config.options);
  if (!isRunLauncher(launcher)) {
    throw new LauncherConfigError(`launcher module ${config.module} returned something without launch/terminate/checkHealth/dispose`);
  }
  return launcher;
}
