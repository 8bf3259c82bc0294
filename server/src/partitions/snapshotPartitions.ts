// The server's view of a target's partitions: the definition rebuilt from the code location snapshot with the
// SDK constructors (time windows are described there, not listed), cached per snapshot description.
import {
  type PartitionsDefinition,
  type PartitionsSnapshot,
  multiPartitions,
  staticPartitions,
  timeWindowPartitions,
} from "@weir/sdk";

export class DynamicPartitionsUnsupportedError extends Error {
  constructor(name: string) {
    super(`dynamic partitions are not supported by the server yet (partitions "${name}")`);
    this.name = "DynamicPartitionsUnsupportedError";
  }
}

const rebuilt = new WeakMap<PartitionsSnapshot, PartitionsDefinition>();

/** The definition a snapshot describes; throws DynamicPartitionsUnsupportedError for dynamic partitions. */
export function partitionsFromSnapshot(snapshot: PartitionsSnapshot): PartitionsDefinition {
  const cached = rebuilt.get(snapshot);
  if (cached) return cached;
  const def = build(snapshot);
  rebuilt.set(snapshot, def);
  return def;
}

function build(snapshot: PartitionsSnapshot): PartitionsDefinition {
  switch (snapshot.kind) {
    case "time":
      return timeWindowPartitions({
        cron: snapshot.cron,
        timezone: snapshot.timezone,
        format: snapshot.format,
        start: new Date(snapshot.start),
        end: snapshot.end ? new Date(snapshot.end) : undefined,
        endOffset: snapshot.endOffset,
      });
    case "static":
      return staticPartitions(snapshot.keys);
    case "dynamic":
      throw new DynamicPartitionsUnsupportedError(snapshot.name);
    case "multi":
      return multiPartitions(Object.fromEntries(snapshot.dimensions.map((d) => [d.name, partitionsFromSnapshot(d.partitions)])));
  }
}

/** Whether the snapshot (or one of its dimensions) holds dynamic partitions. */
export function hasDynamicPartitions(snapshot: PartitionsSnapshot): boolean {
  return (
    snapshot.kind === "dynamic" ||
    (snapshot.kind === "multi" && snapshot.dimensions.some((d) => hasDynamicPartitions(d.partitions)))
  );
}
