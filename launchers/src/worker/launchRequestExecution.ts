// Runs a LaunchRequest with the executor of the SDK copy the code location itself resolves: shared by
// the in-process launcher and the run worker, so both run a request the same way.
import type { WeirEvent } from "@weir/sdk";
import type { LoadedCodeLocation } from "./codeLocationLoader.ts";
import type { LaunchRequest } from "../runLauncher.ts";

export interface ExecutionSettings {
  emit(event: WeirEvent): void;
  signal: AbortSignal;
  maxConcurrency?: number;
  cancelGraceMs?: number;
}

export function executeLaunchRequest(
  { definitions, sdk }: LoadedCodeLocation,
  request: LaunchRequest,
  settings: ExecutionSettings,
) {
  return sdk.executeRun({
    definitions,
    runId: request.runId,
    target: request.target,
    config: request.config,
    stepSelection: request.stepSelection,
    parentRunId: request.parentRunId,
    partitionKey: request.partitionKey,
    tags: request.tags,
    firstSeq: request.firstSeq,
    instanceDir: request.instanceDir,
    ...settings,
  });
}
