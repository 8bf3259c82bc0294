// A named set of keys that is added to and removed from at run time (by the API or a sensor); the
// definition holds only the name, and the keys come from the store through ctx.dynamicKeys.
import { checkName } from "../definitions/keys.ts";
import { type DynamicPartitionsDefinition, rangeOfKeys } from "./partitionsDefinition.ts";

export function dynamicPartitions(name: string): DynamicPartitionsDefinition {
  const problems: string[] = [];
  try {
    checkName("dynamic partitions", name);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const what = `dynamic partitions "${name}"`;
  const keysOf = (ctx?: { dynamicKeys?: (name: string) => readonly string[] }) => [...(ctx?.dynamicKeys?.(name) ?? [])];
  return {
    kind: "dynamic",
    name,
    signature: `dynamic(${JSON.stringify(name)})`,
    problems,
    keys: keysOf,
    has: (key, ctx) => keysOf(ctx).includes(key),
    keysInRange: (range, ctx) => rangeOfKeys(keysOf(ctx), range, what),
  };
}
