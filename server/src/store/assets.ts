// Reading asset materializations (written by the event sink from ASSET_MATERIALIZATION events).
import type { AssetMaterialization } from "../generated/prisma/client.ts";
import type { Store } from "./openStore.ts";

interface MaterializationRow {
  id: bigint | number | string;
  asset_key: string;
  partition_key: string | null;
  run_id: string;
  step_key: string;
  metadata: unknown;
  timestamp: Date | string;
}

function toMaterialization(row: MaterializationRow): AssetMaterialization {
  return {
    id: BigInt(row.id),
    assetKey: row.asset_key,
    partitionKey: row.partition_key,
    runId: row.run_id,
    stepKey: row.step_key,
    metadata: row.metadata as AssetMaterialization["metadata"],
    timestamp: row.timestamp instanceof Date ? row.timestamp : new Date(row.timestamp),
  };
}

/**
 * The latest materialization of each key in one query: a LATERAL index scan per key on
 * (asset_key, id DESC). Keys never materialized are absent from the map.
 */
export async function latestMaterializations(store: Store, assetKeys: string[]): Promise<Map<string, AssetMaterialization>> {
  if (assetKeys.length === 0) return new Map();
  const rows = await store.prisma.$queryRawUnsafe<MaterializationRow[]>(
    `SELECT latest.id, latest.asset_key, latest.partition_key, latest.run_id::text AS run_id, latest.step_key,
            latest.metadata, latest.timestamp
       FROM unnest($1::text[]) AS k(asset_key)
       CROSS JOIN LATERAL (
         SELECT * FROM asset_materializations m WHERE m.asset_key = k.asset_key ORDER BY id DESC LIMIT 1
       ) AS latest`,
    [...new Set(assetKeys)],
  );
  return new Map(rows.map((r) => [r.asset_key, toMaterialization(r)]));
}

export interface MaterializationConnection {
  materializations: AssetMaterialization[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** One asset's materializations, newest first, keyset-paged on id (the cursor is the id as text). */
export async function materializations(
  store: Store,
  assetKey: string,
  page: { first: number; after?: string | null; partitionKey?: string },
): Promise<MaterializationConnection> {
  const first = Math.max(0, Math.min(Math.floor(page.first), 1000));
  let after: bigint | undefined;
  if (page.after) {
    if (!/^\d+$/.test(page.after)) throw new Error(`invalid materializations cursor "${page.after}"`);
    after = BigInt(page.after);
  }
  const rows = await store.prisma.assetMaterialization.findMany({
    where: {
      assetKey,
      ...(after !== undefined ? { id: { lt: after } } : {}),
      ...(page.partitionKey !== undefined ? { partitionKey: page.partitionKey } : {}),
    },
    orderBy: { id: "desc" },
    take: first + 1,
  });
  const hasNextPage = rows.length > first;
  const items = rows.slice(0, first);
  return { materializations: items, hasNextPage, endCursor: items.length ? items.at(-1)!.id.toString() : null };
}
