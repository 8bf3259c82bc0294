// A fixed list of partition keys, in the order given.
import { DefinitionError } from "../definitions/definitionError.ts";
import { partitionKeyProblem } from "./partitionKeyText.ts";
import { type StaticPartitionsDefinition, rangeOfKeys } from "./partitionsDefinition.ts";

export function staticPartitions(keys: readonly string[]): StaticPartitionsDefinition {
  if (!Array.isArray(keys)) throw new DefinitionError(`staticPartitions takes an array of keys, got ${JSON.stringify(keys)}`);
  const list = [...keys];
  const problems: string[] = [];
  if (list.length === 0) problems.push("staticPartitions has no keys");
  const seen = new Set<string>();
  for (const key of list) {
    const problem = partitionKeyProblem(key);
    if (problem) problems.push(`staticPartitions: ${problem}`);
    else if (seen.has(key)) problems.push(`staticPartitions: duplicate key "${key}"`);
    seen.add(key);
  }
  const what = `static partitions [${list.map((k) => JSON.stringify(k)).join(", ")}]`;
  return {
    kind: "static",
    signature: `static(${JSON.stringify(list)})`,
    problems,
    keys: () => [...list],
    has: (key) => seen.has(key),
    keysInRange: (range) => rangeOfKeys(list, range, what),
  };
}
