// What a static or dynamic partition key may contain: "|" joins the keys of a multi-partition and
// control characters break logs and storage paths.

export const MULTI_KEY_SEPARATOR = "|";

/** Why `key` cannot be a partition key, or null. */
export function partitionKeyProblem(key: unknown): string | null {
  if (typeof key !== "string" || key.length === 0) return `partition key ${JSON.stringify(key)} must be a non-empty string`;
  if (key.includes(MULTI_KEY_SEPARATOR))
    return `partition key "${key}" contains "${MULTI_KEY_SEPARATOR}" (it joins multi-partition keys)`;
  if (/[\u0000-\u001f\u007f]/.test(key)) return `partition key ${JSON.stringify(key)} contains a control character`;
  return null;
}
