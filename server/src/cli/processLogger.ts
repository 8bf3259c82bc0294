// The log of the long-running commands (dev, server, daemon, web), on stderr: readable lines on a terminal,
// JSON lines (one object per line, for log shippers) otherwise. stdout is kept for the "listening" lines
// that scripts read.
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
import { ConfigError } from "../config/weirConfig.ts";

export const LOG_FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Fields every log line has, or that pino adds, which the readable format does not repeat after the message. */
const BASE_FIELDS = new Set(["level", "time", "msg", "pid", "hostname", "err"]);

/** --log-format wins over WEIR_LOG_FORMAT; without either, pretty on a terminal and JSON otherwise. */
export function resolveLogFormat(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  stderrIsTTY = Boolean(process.stderr.isTTY),
): LogFormat {
  for (const [value, source] of [
    [flag, "--log-format"],
    [env.WEIR_LOG_FORMAT, "WEIR_LOG_FORMAT"],
  ] as const) {
    if (value === undefined || value === "") continue;
    if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormat;
    throw new ConfigError(source, `expected ${LOG_FORMATS.join(" or ")}, got "${value}"`);
  }
  return stderrIsTTY ? "pretty" : "json";
}

/**
 * One line per record: short time, level, message, then the record's scalar fields as key=value (runId,
 * stepKey, location, ...); an error's stack follows on the next lines.
 */
function readableStream(colorize: boolean) {
  return pretty({
    destination: 2,
    // Synchronous, so the last lines before process.exit (a start-up error, "stopped") are not lost.
    sync: true,
    colorize,
    translateTime: "SYS:HH:MM:ss.l",
    include: "level,time,err",
    messageFormat: (record, messageKey) =>
      [
        String(record[messageKey] ?? ""),
        ...Object.entries(record)
          .filter(([key, value]) => !BASE_FIELDS.has(key) && value !== null && value !== undefined && typeof value !== "object")
          .map(([key, value]) => `${key}=${String(value)}`),
      ].join(" "),
  });
}

export function createProcessLogger(
  format: LogFormat,
  level = process.env.WEIR_LOG_LEVEL ?? "info",
  colorize = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
): Logger {
  return format === "pretty" ? pino({ level }, readableStream(colorize)) : pino({ level }, pino.destination(2));
}
