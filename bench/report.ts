// Shared output of every benchmark: a table on stdout and a JSON file under bench/results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Row = Record<string, string | number | boolean | null>;

export function report(name: string, rows: Row[], extra: Record<string, unknown> = {}): string {
  console.log(`\n== bench ${name} ==`);
  console.table(rows);
  const dir = join(dirname(fileURLToPath(import.meta.url)), "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), node: process.version, rows, ...extra }, null, 2));
  console.log(`wrote ${file}`);
  return file;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
