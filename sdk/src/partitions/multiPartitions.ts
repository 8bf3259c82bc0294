// Two-dimensional partitions (e.g. date x region): one partition per pair of keys, written
// "2024-01-01|eu" with the dimensions in the order they were declared.
import { MULTI_KEY_SEPARATOR } from "./partitionKeyText.ts";
import {
  type MultiPartitionsDefinition,
  type PartitionKeysContext,
  PartitionKeyError,
  type PartitionsDefinition,
  rangeOfKeys,
} from "./partitionsDefinition.ts";

export function multiPartitions(dimensions: Record<string, PartitionsDefinition>): MultiPartitionsDefinition {
  const dims = { ...dimensions };
  const names = Object.keys(dims);
  const problems: string[] = [];
  if (names.length !== 2) {
    problems.push(
      `multiPartitions needs exactly 2 dimensions, got ${names.length}${names.length ? ` (${names.join(", ")})` : ""}`,
    );
  }
  for (const name of names) {
    const d = dims[name];
    if (!d || typeof d.keys !== "function") problems.push(`multiPartitions: dimension "${name}" is not a partitions definition`);
    else if (d.kind === "multi") problems.push(`multiPartitions: dimension "${name}" is itself multi-partitioned`);
    else problems.push(...d.problems.map((p) => `multiPartitions: dimension "${name}": ${p}`));
  }
  const what = `multi partitions (${names.join(" x ")})`;

  const split = (key: string): Record<string, string> => {
    const parts = key.split(MULTI_KEY_SEPARATOR);
    if (parts.length !== names.length) {
      throw new PartitionKeyError(
        `partition key "${key}" of ${what} must have ${names.length} parts joined by "${MULTI_KEY_SEPARATOR}"`,
      );
    }
    return Object.fromEntries(names.map((n, i) => [n, parts[i]!]));
  };
  const join = (parts: Record<string, string>): string => {
    for (const n of names) {
      if (typeof parts[n] !== "string") throw new PartitionKeyError(`${what}: no key given for dimension "${n}"`);
    }
    const extra = Object.keys(parts).filter((n) => !names.includes(n));
    if (extra.length > 0) throw new PartitionKeyError(`${what}: unknown dimension "${extra[0]}"`);
    return names.map((n) => parts[n]).join(MULTI_KEY_SEPARATOR);
  };
  const keys = (ctx?: PartitionKeysContext): string[] => {
    let combos: string[][] = [[]];
    for (const n of names) {
      const dimKeys = dims[n]!.keys(ctx);
      combos = combos.flatMap((prefix) => dimKeys.map((k) => [...prefix, k]));
    }
    return combos.map((c) => c.join(MULTI_KEY_SEPARATOR));
  };

  return {
    kind: "multi",
    dimensions: dims,
    signature: `multi(${names.map((n) => `${JSON.stringify(n)}:${dims[n]?.signature}`).join(",")})`,
    problems,
    split,
    join,
    keys,
    has(key, ctx) {
      const parts = key.split(MULTI_KEY_SEPARATOR);
      return parts.length === names.length && names.every((n, i) => dims[n]!.has(parts[i]!, ctx));
    },
    keysInRange: (range, ctx) => rangeOfKeys(keys(ctx), range, what),
  };
}
