import type { WeirEvent } from "@weir/sdk";
import { builder } from "../builder.ts";
import { EventTypeEnum, LogLevelEnum } from "./enums.ts";

export const RunEventType = builder.objectRef<WeirEvent>("RunEvent").implement({
  description: "One event of a run's log.",
  fields: (t) => ({
    runId: t.exposeString("runId"),
    seq: t.exposeInt("seq", { description: "Per-run sequence number; also the cursor to resume from." }),
    type: t.field({ type: EventTypeEnum, resolve: (e) => e.type }),
    stepKey: t.exposeString("stepKey", { nullable: true }),
    level: t.field({ type: LogLevelEnum, nullable: true, resolve: (e) => e.level ?? null }),
    message: t.exposeString("message"),
    timestamp: t.field({ type: "DateTime", resolve: (e) => new Date(e.timestamp) }),
    data: t.field({ type: "JSON", nullable: true, resolve: (e) => e.data ?? null }),
  }),
});
