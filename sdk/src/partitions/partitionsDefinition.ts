// The partition interfaces the executor is written against. Temporary: the partition definitions
// (daily, static, dynamic, multi...) and their mappings replace this file with the full module.

/** A time partition's window, [start, end). */
export interface TimeWindow {
  start: Date;
  end: Date;
}

export interface PartitionKeysContext {
  now?: Date;
  dynamicKeys?: (name: string) => readonly string[];
}

export interface PartitionsDefinition {
  readonly kind: "time" | "static" | "dynamic" | "multi";
  keys(ctx?: PartitionKeysContext): string[];
  has(key: string, ctx?: PartitionKeysContext): boolean;
  keysInRange(range: { start: string; end: string }, ctx?: PartitionKeysContext): string[];
}

export interface TimePartitionsDefinition extends PartitionsDefinition {
  readonly kind: "time";
  timeWindow(key: string): TimeWindow;
}

export interface PartitionMapping {
  upstreamKeys(
    downstreamKey: string | null,
    downstream: PartitionsDefinition | undefined,
    upstream: PartitionsDefinition,
    ctx?: PartitionKeysContext,
  ): string[];
  problem(downstream: PartitionsDefinition | undefined, upstream: PartitionsDefinition): string | null;
}

export class PartitionKeyError extends Error {}
