// Reading asset materializations.
import type { AssetMaterialization } from "../generated/prisma/client.ts";
import type { Store } from "./openStore.ts";

/** The latest materialization of each key, in one query (an index scan per key on (asset_key, id DESC)). */
export async function latestMaterializations(store: Store, assetKeys: string[]): Promise<Map<string, AssetMaterialization>> {
  if (assetKeys.length === 0) return new Map();
  const rows = await store.prisma.$queryRawUnsafe<{ id: bigint }[]>(
    `SELECT latest.id FROM unnest($1::text[]) AS k(asset_key)
       CROSS JOIN LATERAL (SELECT id FROM asset_materializations m WHERE m.asset_key = k.asset_key ORDER BY id DESC LIMIT 1) AS latest`,
    assetKeys,
  );
  if (rows.length === 0) return new Map();
  const found = await store.prisma.assetMaterialization.findMany({ where: { id: { in: rows.map((r) => BigInt(r.id)) } } });
  return new Map(found.map((m) => [m.assetKey, m]));
}
