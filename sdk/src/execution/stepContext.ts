// The context object a step's compute/run function receives.
import type { StepContext, StepLogger } from "../definitions/types.ts";
import type { CaptureSink } from "./consoleCapture.ts";
import type { RunEvents } from "./runEvents.ts";

/** One per step: ctx.log, plus the console-capture sink. Prototype methods keep per-step allocation small. */
export class StepLog implements StepLogger, CaptureSink {
  closed = false;
  constructor(
    private readonly events: RunEvents,
    private readonly stepKey: string,
  ) {}
  debug(message: string): void {
    this.events.log(this.stepKey, "DEBUG", "logger", String(message));
  }
  info(message: string): void {
    this.events.log(this.stepKey, "INFO", "logger", String(message));
  }
  warning(message: string): void {
    this.events.log(this.stepKey, "WARNING", "logger", String(message));
  }
  error(message: string): void {
    this.events.log(this.stepKey, "ERROR", "logger", String(message));
  }
  write(level: "DEBUG" | "INFO" | "WARNING" | "ERROR", source: "stdout" | "stderr", message: string): void {
    this.events.log(this.stepKey, level, source, message);
  }
}

export class RunStepContext implements StepContext<unknown> {
  constructor(
    readonly runId: string,
    readonly stepKey: string,
    readonly attempt: number,
    readonly partitionKey: string | null,
    readonly config: unknown,
    readonly resources: Record<string, any>,
    readonly log: StepLogger,
    readonly signal: AbortSignal,
    readonly tags: Readonly<Record<string, string>>,
  ) {}
}
