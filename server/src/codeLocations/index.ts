export { createCodeLocationManager } from "./codeLocationManager.ts";
export type {
  AssetSnapshot,
  CodeLocationError,
  CodeLocationInfo,
  CodeLocationManager,
  CodeLocationManagerOptions,
  CodeLocationStatus,
  JobSnapshot,
  ScheduleSnapshot,
  SensorSnapshot,
} from "./codeLocationManager.ts";
export * from "./codeLocationErrors.ts";
export type {
  ConfigValidation,
  RunRequestSnapshot,
  RunTarget,
  ScheduleEvaluation,
  SensorEvaluation,
  SensorEvaluationParams,
} from "./codeServerProtocol.ts";
export { defaultLocationName } from "./locationName.ts";
