// Turns console.* and process.stdout/stderr writes made inside a step into LOG events of that step.
// The step is found through AsyncLocalStorage, so concurrent runs in one process never mix their logs;
// outside a step (and inside event delivery) output goes to the real streams untouched.
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { LogLevel } from "../events.ts";

export interface CaptureSink {
  /** Set once the step has ended: late output from its leftover timers goes to the real streams. */
  closed: boolean;
  write(level: LogLevel, source: "stdout" | "stderr", message: string): void;
}

const storage = new AsyncLocalStorage<CaptureSink>();
let installed = false;

function activeSink(): CaptureSink | undefined {
  const sink = storage.getStore();
  return sink && !sink.closed ? sink : undefined;
}

function patchConsole(method: "log" | "info" | "debug" | "warn" | "error", level: LogLevel, source: "stdout" | "stderr"): void {
  const original = console[method];
  console[method] = function (this: Console, ...args: unknown[]) {
    const sink = activeSink();
    if (!sink) return original.apply(this, args);
    sink.write(level, source, format(...args));
  };
}

function patchStream(stream: NodeJS.WriteStream, level: LogLevel, source: "stdout" | "stderr"): void {
  const original = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const sink = activeSink();
    if (!sink) return (original as (...a: unknown[]) => boolean).call(this, chunk, encoding, callback);
    const text =
      typeof chunk === "string"
        ? chunk
        : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    sink.write(level, source, text.endsWith("\n") ? text.slice(0, -1) : text);
    const cb = typeof encoding === "function" ? encoding : callback;
    if (typeof cb === "function") queueMicrotask(() => (cb as () => void)());
    return true;
  } as typeof stream.write;
}

/** Patches console and the std streams once per process; later calls do nothing. */
export function installConsoleCapture(): void {
  if (installed) return;
  installed = true;
  patchConsole("log", "INFO", "stdout");
  patchConsole("info", "INFO", "stdout");
  patchConsole("debug", "DEBUG", "stdout");
  patchConsole("warn", "WARNING", "stderr");
  patchConsole("error", "ERROR", "stderr");
  // Raw writes carry no level; stderr ones are most often warnings and progress, not errors.
  patchStream(process.stdout, "INFO", "stdout");
  patchStream(process.stderr, "WARNING", "stderr");
}

/** Runs fn (and every async continuation it starts) with its output captured into sink. */
export function runCaptured<T>(sink: CaptureSink, fn: () => T): T {
  return storage.run(sink, fn);
}

/**
 * Runs fn outside any capture: event delivery uses it so a run worker writing events to stdout,
 * or a sink scheduling work from a step's async context, is never itself captured.
 */
export function runUncaptured<A, T>(fn: (arg: A) => T, arg: A): T {
  return storage.exit(fn, arg);
}
