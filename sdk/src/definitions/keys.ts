// Step keys double as storage paths, so they are restricted to safe characters.
import { DefinitionError } from "./definitionError.ts";

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Asset keys: segments joined by "/" ("raw/orders"). */
export function checkAssetKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || !key.split("/").every((s) => SEGMENT.test(s))) {
    throw new DefinitionError(
      `invalid asset key ${JSON.stringify(key)}: use letters, digits, "_", "-", "." in segments joined by "/" (e.g. "raw/orders")`,
    );
  }
  return key;
}

export function checkName(kind: string, name: unknown): string {
  if (typeof name !== "string" || !SEGMENT.test(name)) {
    throw new DefinitionError(
      `invalid ${kind} name ${JSON.stringify(name)}: use letters, digits, "_", "-", "." (not starting with "." or "-")`,
    );
  }
  return name;
}
