// The contract every partitions definition keeps (time windows, static, dynamic, multi), shared by the
// definitions' validation, the planner, the executor and the IO manager.

/** A half-open interval of time: [start, end). */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/** What a key listing depends on: the current time (time windows) and the stored dynamic partition sets. */
/** A range of partition keys, both ends included. */
export interface PartitionKeyRange {
  start: string;
  end: string;
}

export interface PartitionKeysContext {
  now?: Date;
  dynamicKeys?: (name: string) => readonly string[];
}

export interface PartitionsDefinition {
  readonly kind: "time" | "static" | "dynamic" | "multi";
  /** Equal for two definitions that give the same keys (used to compare the partitions of assets and jobs). */
  readonly signature: string;
  /** Why this definition cannot be used (e.g. duplicate static keys); reported by defineDefinitions. */
  readonly problems: readonly string[];
  /** Every key in order (time: windows that have closed by `now` minus endOffset, up to `end`; dynamic: from ctx.dynamicKeys). */
  keys(ctx?: PartitionKeysContext): string[];
  has(key: string, ctx?: PartitionKeysContext): boolean;
  /** Keys from `start` to `end` inclusive, in order; throws PartitionKeyError for an unknown key. */
  keysInRange(range: { start: string; end: string }, ctx?: PartitionKeysContext): string[];
}

export interface TimePartitionsDefinition extends PartitionsDefinition {
  readonly kind: "time";
  readonly timezone: string;
  readonly cron: string;
  readonly format: string;
  readonly start: Date;
  readonly end: Date | null;
  readonly endOffset: number;
  timeWindow(key: string): TimeWindow;
  /** The key of the window containing `time` (or null before start / after end). */
  keyAt(time: Date): string | null;
  /** The last window that has closed at `now` (what a schedule launches). */
  lastClosedKey(now: Date): string | null;
  /** The window `offset` windows away from the key's (-1: the one before), even outside start/end; null past the calendar. */
  shiftedWindow(key: string, offset: number): TimeWindow | null;
  /** Keys (between start and end, closed or not) whose windows overlap `window`, in order. */
  keysOverlapping(window: TimeWindow): string[];
}

export interface StaticPartitionsDefinition extends PartitionsDefinition {
  readonly kind: "static";
}

export interface DynamicPartitionsDefinition extends PartitionsDefinition {
  readonly kind: "dynamic";
  /** The name of the stored set of keys (added and removed at run time). */
  readonly name: string;
}

export interface MultiPartitionsDefinition extends PartitionsDefinition {
  readonly kind: "multi";
  readonly dimensions: Record<string, PartitionsDefinition>;
  /** "2024-01-01|eu" <-> { date: "2024-01-01", region: "eu" } (dimension order as declared). */
  split(key: string): Record<string, string>;
  join(parts: Record<string, string>): string;
}

/** A partition key that a definition does not have, or a malformed range. */
export class PartitionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PartitionKeyError";
  }
}

export function isTimePartitions(p: PartitionsDefinition | undefined): p is TimePartitionsDefinition {
  return p?.kind === "time";
}

export function isMultiPartitions(p: PartitionsDefinition | undefined): p is MultiPartitionsDefinition {
  return p?.kind === "multi";
}

/** keysInRange over an ordered key list; `what` names the definition in errors. */
export function rangeOfKeys(keys: readonly string[], range: { start: string; end: string }, what: string): string[] {
  const from = keys.indexOf(range.start);
  if (from < 0) throw new PartitionKeyError(`unknown partition key "${range.start}" (range start) for ${what}`);
  const to = keys.indexOf(range.end);
  if (to < 0) throw new PartitionKeyError(`unknown partition key "${range.end}" (range end) for ${what}`);
  if (from > to) throw new PartitionKeyError(`partition range "${range.start}" to "${range.end}" is reversed for ${what}`);
  return keys.slice(from, to + 1);
}
