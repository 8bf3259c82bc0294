export * from "./events.ts";
export * from "./statuses.ts";

export type {
  AssetDef,
  OpDef,
  JobDef,
  ResourceDef,
  ScheduleDef,
  SensorDef,
  Definitions,
  StepDef,
  StepContext,
  StepLogger,
  InputValues,
  AssetInput,
  ConfigOf,
  RunTarget,
  ScheduleTick,
  SensorContext,
  SensorResult,
  RunRequest,
  DefaultStatus,
} from "./definitions/types.ts";
export { defineAsset, type AssetSpec, type AssetInputs } from "./definitions/defineAsset.ts";
export { defineOp, type OpSpec } from "./definitions/defineOp.ts";
export { defineJob, type JobSpec } from "./definitions/defineJob.ts";
export { defineResource, type ResourceSpec } from "./definitions/defineResource.ts";
export { defineSchedule, type ScheduleSpec } from "./definitions/defineSchedule.ts";
export { defineSensor, type SensorSpec } from "./definitions/defineSensor.ts";
export { defineDefinitions, isDefinitions, type DefinitionsSpec } from "./definitions/defineDefinitions.ts";
export { DefinitionError } from "./definitions/definitionError.ts";
export { cronProblem } from "./definitions/cron.ts";
export { inputPartitionMapping } from "./definitions/partitionChecks.ts";

export {
  PartitionKeyError,
  isTimePartitions,
  isMultiPartitions,
  type PartitionsDefinition,
  type PartitionKeysContext,
  type TimeWindow,
  type TimePartitionsDefinition,
  type StaticPartitionsDefinition,
  type DynamicPartitionsDefinition,
  type MultiPartitionsDefinition,
} from "./partitions/partitionsDefinition.ts";
export {
  timeWindowPartitions,
  dailyPartitions,
  hourlyPartitions,
  weeklyPartitions,
  monthlyPartitions,
  type TimeWindowPartitionsSpec,
} from "./partitions/timePartitions.ts";
export { staticPartitions } from "./partitions/staticPartitions.ts";
export { dynamicPartitions } from "./partitions/dynamicPartitions.ts";
export { multiPartitions } from "./partitions/multiPartitions.ts";
export { describePartitions } from "./partitions/describePartitions.ts";
export type { PartitionMapping, MappingSideNames } from "./partitions/partitionMapping.ts";
export { identity, allPartitions, staticMapping } from "./partitions/partitionMappings.ts";
export { timeWindow, type TimeWindowMappingSpec } from "./partitions/timeWindowMapping.ts";
export { dimension } from "./partitions/dimensionMapping.ts";
export { defaultPartitionMapping } from "./partitions/defaultPartitionMapping.ts";

export {
  planSteps,
  buildPlan,
  ASSET_JOB_NAME,
  TargetError,
  type StepPlanNode,
  type ExecutionPlan,
  type PlannedStep,
} from "./plan/executionPlan.ts";
export {
  validateRunConfig,
  validateEmptyRunConfig,
  runConfigSchema,
  type ConfigValidation,
  type ConfigViolation,
  type RunConfig,
} from "./plan/runConfig.ts";
export {
  describeDefinitions,
  type DefinitionsSnapshot,
  type AssetSnapshot,
  type JobSnapshot,
  type ScheduleSnapshot,
  type SensorSnapshot,
  type PartitionsSnapshot,
  describePartitionsSnapshot,
} from "./snapshot.ts";

export { executeRun, type ExecuteRunOptions, type RunResult, type RunOutcome } from "./execution/executeRun.ts";
export { executeInProcess, type ExecuteInProcessOptions, type ExecuteInProcessResult } from "./execution/executeInProcess.ts";
export {
  PARTITION_TAG,
  PARTITION_RANGE_START_TAG,
  PARTITION_RANGE_END_TAG,
  PartitionRunError,
  type PartitionKeyRange,
} from "./execution/runPartition.ts";
export type { StepPartitionContext } from "./definitions/types.ts";
export { systemClock, type Clock } from "./execution/clock.ts";
export { retryDelay, type RetryPolicy } from "./execution/retryDelay.ts";
export { installConsoleCapture } from "./execution/consoleCapture.ts";

export type { IOManager, InputContext, OutputContext } from "./io/ioManager.ts";
export { createFileIOManager, MissingInputError } from "./io/fileIOManager.ts";
export { createMemoryIOManager } from "./io/memoryIOManager.ts";
export { evaluateSchedule, evaluateSensor, type ScheduleEvaluation, type SensorEvaluation } from "./tickEvaluation.ts";
