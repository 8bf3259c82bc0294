// Human output of the remote commands: aligned tables, and status colours only on a terminal.
import type { RunStatus } from "@weir/client";

const useColour = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export function paint(text: string, colour: Colour | null): string {
  return colour && useColour() ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text;
}

const STATUS_COLOURS: Record<string, Colour> = {
  SUCCESS: "green",
  FAILURE: "red",
  CANCELED: "yellow",
  CANCELING: "yellow",
  STARTED: "blue",
  STARTING: "blue",
  QUEUED: "dim",
  RUNNING: "green",
  STOPPED: "dim",
  LOADED: "green",
  ERROR: "red",
  LOADING: "blue",
};

export function status(value: RunStatus | string): string {
  return paint(value, STATUS_COLOURS[value] ?? null);
}

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;

/** An aligned table with a header row; cells may already be coloured. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i]! - visibleLength(c))))
      .join("  ")
      .trimEnd();
  return [paint(line(headers), "bold"), ...rows.map(line)].join("\n");
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "-";
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return m < 60 ? `${m}m${Math.round((ms % 60_000) / 1000)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
