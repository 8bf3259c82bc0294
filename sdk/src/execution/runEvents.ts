// Numbers, stamps and delivers the events of one run.
import type { EventType, LogLevel, WeirEvent } from "../events.ts";
import type { Clock } from "./clock.ts";
import { runUncaptured } from "./consoleCapture.ts";

export class RunEvents {
  private seq: number;
  /** After the terminal event nothing more is delivered (abandoned steps may still settle). */
  private ended = false;

  constructor(
    readonly runId: string,
    firstSeq: number,
    private readonly sink: (event: WeirEvent) => void,
    private readonly clock: Clock,
  ) {
    this.seq = firstSeq;
  }

  emit(
    type: EventType,
    message: string,
    stepKey: string | null = null,
    level: LogLevel | null = "INFO",
    data: Record<string, unknown> | null = null,
  ): void {
    if (this.ended) return;
    const event: WeirEvent = {
      runId: this.runId,
      seq: this.seq++,
      type,
      stepKey,
      level,
      message,
      timestamp: this.clock.now(),
      data,
    };
    runUncaptured(this.sink, event);
  }

  log(stepKey: string | null, level: LogLevel, source: "logger" | "stdout" | "stderr", message: string): void {
    this.emit("LOG", message, stepKey, level, { source });
  }

  end(
    type: "RUN_SUCCESS" | "RUN_FAILURE" | "RUN_CANCELED",
    message: string,
    level: LogLevel,
    data: Record<string, unknown> | null,
  ): void {
    this.emit(type, message, null, level, data);
    this.ended = true;
  }
}
