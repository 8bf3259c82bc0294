// How assets and jobs are partitioned, as the code location snapshot describes it, and an asset's partition
// keys in cursor pages (recomputed from the description: time windows are not listed in the snapshot).
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from "@pothos/plugin-relay";
import type { PartitionsSnapshot } from "@weir/sdk";
import { partitionsFromSnapshot } from "../../partitions/snapshotPartitions.ts";
import { builder } from "../builder.ts";

interface Dimension {
  name: string;
  partitions: PartitionsSnapshot;
}

export const PartitionsDefinitionType = builder.objectRef<PartitionsSnapshot>("PartitionsDefinition");
const DimensionType = builder.objectRef<Dimension>("PartitionDimension");

PartitionsDefinitionType.implement({
  description: "How a target is partitioned.",
  fields: (t) => ({
    kind: t.string({ description: "time, static, dynamic or multi.", resolve: (p) => p.kind }),
    description: t.exposeString("description"),
    timezone: t.string({ nullable: true, resolve: (p) => (p.kind === "time" ? p.timezone : null) }),
    cron: t.string({ nullable: true, resolve: (p) => (p.kind === "time" ? p.cron : null) }),
    start: t.string({
      nullable: true,
      description: "Start of the first window (ISO).",
      resolve: (p) => (p.kind === "time" ? p.start : null),
    }),
    end: t.string({ nullable: true, resolve: (p) => (p.kind === "time" ? p.end : null) }),
    format: t.string({
      nullable: true,
      description: "Key format of time partitions.",
      resolve: (p) => (p.kind === "time" ? p.format : null),
    }),
    dynamicName: t.string({ nullable: true, resolve: (p) => (p.kind === "dynamic" ? p.name : null) }),
    dimensions: t.field({
      type: [DimensionType],
      description: "The dimensions of multi partitions (empty otherwise).",
      resolve: (p) => (p.kind === "multi" ? p.dimensions : []),
    }),
  }),
});

DimensionType.implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    partitionsDefinition: t.field({ type: PartitionsDefinitionType, resolve: (d) => d.partitions }),
  }),
});

/** The keys of a partitions description, in order, as of now (time windows closed by now). */
export function partitionKeysOf(partitions: PartitionsSnapshot, now: Date = new Date()): string[] {
  return partitionsFromSnapshot(partitions).keys({ now });
}

/** A cursor page over ordered keys; the cursor is the key itself. */
export function resolveKeyPage(keys: readonly string[], args: Parameters<typeof resolveCursorConnection>[0]["args"]) {
  const index = new Map(keys.map((k, i) => [k, i]));
  return resolveCursorConnection(
    { args, toCursor: (key: string) => key, defaultSize: 100, maxSize: 10_000 },
    ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
      const from = after === undefined ? 0 : (index.get(after) ?? keys.length) + 1;
      const to = before === undefined ? keys.length : (index.get(before) ?? 0);
      const window = keys.slice(from, to);
      return inverted ? window.slice(-limit).reverse() : window.slice(0, limit);
    },
  );
}
