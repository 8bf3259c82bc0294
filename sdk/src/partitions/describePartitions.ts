// A short human description of a partitions definition, for load-time errors.
import type { PartitionsDefinition } from "./partitionsDefinition.ts";

export function describePartitions(p: PartitionsDefinition | undefined): string {
  if (!p) return "no partitions";
  switch (p.kind) {
    case "time": {
      const t = p as PartitionsDefinition & { cron: string; timezone: string; format: string; start: Date };
      return `time partitions (cron "${t.cron}" in ${t.timezone}, from ${t.start.toISOString()})`;
    }
    case "static": {
      const keys = p.keys();
      return `static partitions [${keys.slice(0, 5).join(", ")}${keys.length > 5 ? `, ... ${keys.length} keys` : ""}]`;
    }
    case "dynamic":
      return `dynamic partitions "${(p as PartitionsDefinition & { name: string }).name}"`;
    case "multi": {
      const dims = (p as PartitionsDefinition & { dimensions: Record<string, PartitionsDefinition> }).dimensions;
      return `multi partitions (${Object.entries(dims)
        .map(([n, d]) => `${n}: ${d.kind}`)
        .join(" x ")})`;
    }
    default:
      return `${(p as PartitionsDefinition).kind} partitions`;
  }
}
