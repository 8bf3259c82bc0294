import { EVENT_TYPES, LOG_LEVELS, RUN_STATUSES } from "@weir/sdk";
import { builder } from "../builder.ts";

export const RunStatusEnum = builder.enumType("RunStatus", { values: RUN_STATUSES });
export const EventTypeEnum = builder.enumType("EventType", { values: EVENT_TYPES });
export const LogLevelEnum = builder.enumType("LogLevel", { values: LOG_LEVELS });
export const ReexecutionStrategyEnum = builder.enumType("ReexecutionStrategy", {
  values: {
    ALL_STEPS: { description: "Run every step the parent run ran." },
    FROM_FAILURE: { description: "Run only the failed and skipped steps, loading the others' outputs from the parent run." },
  },
});
