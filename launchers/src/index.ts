export type { LaunchRequest, LaunchHooks, ReattachRequest, RunLauncher, WorkerExit, WorkerHealth } from "./runLauncher.ts";
export { createInProcessLauncher, type InProcessLauncherOptions } from "./inProcessLauncher.ts";
export { CodeLocationLoadError, loadCodeLocation, type LoadedCodeLocation, type ModuleImporter } from "./codeLocationLoader.ts";
export { findErrorSource, type ErrorSource } from "./errorSource.ts";
export { createOutputTail, type OutputTail } from "./outputTail.ts";
export * from "./workerExitCodes.ts";
export { describeWorkerExit } from "./workerExitReason.ts";
export { createSubprocessLauncher, type SubprocessLauncherOptions } from "./subprocessLauncher.ts";
export { LAUNCH_REQUEST_ENV, encodeLaunchRequestForEnv, parseLaunchRequest } from "./launchRequestCodec.ts";
export { createLineSplitter, type LineSplitter } from "./lineSplitter.ts";
export {
  createDockerLauncher,
  DEFAULT_WORKER_IMAGE,
  DOCKER_TAGS,
  LOCATION_LABEL,
  RUN_ID_LABEL,
  type DockerLauncherOptions,
  type DockerMount,
} from "./dockerLauncher.ts";
export { connectDockerEngine, DockerEngineUnreachableError, DockerImageMissingError, type DockerEngine, type DockerEngineOptions } from "./dockerEngine.ts";
export { buildWorkerImage, workerImageExists, type BuildWorkerImageOptions, type BuiltWorkerImage } from "./dockerImage.ts";
