// Bytes for a stored output: JSON when the value survives a JSON round trip, v8.serialize otherwise
// (Date, Map, Set, typed arrays, undefined...). A v8 payload starts with 0xFF, which no JSON text does,
// so the reader needs no side file to know the format.
import { deserialize, serialize } from "node:v8";

export type ValueFormat = "json" | "v8";

export function isJsonSafe(value: unknown, depth = 0): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (depth > 200) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isJsonSafe(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in value) if (!isJsonSafe((value as Record<string, unknown>)[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

export function encodeValue(value: unknown): { bytes: Buffer; format: ValueFormat } {
  if (isJsonSafe(value)) return { bytes: Buffer.from(JSON.stringify(value)), format: "json" };
  return { bytes: serialize(value), format: "v8" };
}

export function decodeValue(bytes: Buffer): unknown {
  if (bytes.length > 0 && bytes[0] === 0xff) return deserialize(bytes);
  return JSON.parse(bytes.toString("utf8"));
}
