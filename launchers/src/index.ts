export type { LaunchRequest, LaunchHooks, ReattachRequest, RunLauncher, WorkerExit, WorkerHealth } from "./runLauncher.ts";
export {
  isLauncherKind,
  LAUNCHER_FACTORIES,
  LAUNCHER_KINDS,
  loadLauncherFactory,
  type LauncherFactory,
  type LauncherKind,
} from "./launcherKinds.ts";
export { createInProcessLauncher, type InProcessLauncherOptions } from "./inProcess/inProcessLauncher.ts";
export {
  CodeLocationLoadError,
  loadCodeLocation,
  type LoadedCodeLocation,
  type ModuleImporter,
} from "./worker/codeLocationLoader.ts";
export { nodeChildArgs, RUNNING_FROM_SOURCE, weirModulePath } from "./worker/nodeChild.ts";
export { findErrorSource, type ErrorSource } from "./worker/errorSource.ts";
export { createOutputTail, type OutputTail } from "./worker/outputTail.ts";
export * from "./worker/workerExitCodes.ts";
export { describeWorkerExit } from "./worker/workerExitReason.ts";
export { createSubprocessLauncher, type SubprocessLauncherOptions } from "./subprocess/subprocessLauncher.ts";
export { LAUNCH_REQUEST_ENV, encodeLaunchRequestForEnv, parseLaunchRequest } from "./worker/launchRequestCodec.ts";
export { createLineSplitter, type LineSplitter } from "./worker/lineSplitter.ts";
export {
  createDockerLauncher,
  DEFAULT_WORKER_IMAGE,
  DOCKER_TAGS,
  LOCATION_LABEL,
  RUN_ID_LABEL,
  type DockerLauncherOptions,
  type DockerMount,
} from "./docker/dockerLauncher.ts";
export {
  connectDockerEngine,
  DockerEngineUnreachableError,
  DockerImageMissingError,
  type DockerEngine,
  type DockerEngineOptions,
} from "./docker/dockerEngine.ts";
export {
  buildWorkerImage,
  workerImageExists,
  type BuildWorkerImageOptions,
  type BuiltWorkerImage,
} from "./docker/dockerImage.ts";
export {
  assertWorkerEnvSettings,
  BASE_WORKER_ENV,
  SERVER_SECRET_ENV,
  workerEnvironment,
  type WorkerEnvSettings,
} from "./workerEnvironment.ts";
