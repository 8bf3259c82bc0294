// The last few DAG layouts, kept in localStorage: a graph laid out before (same nodes, sizes, edges and
// layout options, e.g. the asset lineage on a second visit) draws at once instead of waiting for ELK.
import type { Positions } from "./layoutDag";

const STORAGE_KEY = "weir.dagLayouts";
const KEEP = 8;

type Entry = { key: string; positions: [id: string, x: number, y: number][] };

/** A 53-bit string hash (cyrb53): keys stay short, and it works where crypto.subtle does not (plain http). */
export function layoutKey(input: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function entries(): Entry[] {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as Entry[];
  } catch {
    return [];
  }
}

export function cachedLayout(key: string): Positions | null {
  const hit = entries().find((e) => e.key === key);
  return hit ? new Map(hit.positions.map(([id, x, y]) => [id, { x, y }])) : null;
}

export function rememberLayout(key: string, positions: Positions): void {
  const entry: Entry = { key, positions: [...positions].map(([id, p]) => [id, p.x, p.y]) };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify([entry, ...entries().filter((e) => e.key !== key)].slice(0, KEEP)));
  } catch {
    // Storage full or disabled: layouts are simply computed again.
  }
}
