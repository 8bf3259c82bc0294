import type { AssetGraphLayout } from "../../assetLayout/assetLayouts.ts";
import type { AssetMaterialization } from "../../generated/prisma/client.ts";
import { latestMaterializations } from "../../store/assets.ts";
import { hasDynamicPartitions as hasDynamic } from "../../partitions/snapshotPartitions.ts";
import { builder } from "../builder.ts";
import type { GraphQLContext } from "../context.ts";
import { allAssets, type AssetWithLocation } from "./codeLocationTypes.ts";
import { PartitionsDefinitionType, partitionKeysOf, resolveKeyPage } from "./partitionTypes.ts";

interface AssetNode extends AssetWithLocation {
  latest: AssetMaterialization | null;
  dependents: string[];
}

export const AssetMaterializationType = builder.prismaObject("AssetMaterialization", {
  fields: (t) => ({
    id: t.string({ resolve: (m) => m.id.toString() }),
    assetKey: t.exposeString("assetKey"),
    partitionKey: t.exposeString("partitionKey", { nullable: true }),
    runId: t.exposeString("runId"),
    stepKey: t.exposeString("stepKey"),
    metadata: t.expose("metadata", { type: "JSON" }),
    timestamp: t.expose("timestamp", { type: "DateTime" }),
    run: t.relation("run"),
  }),
});

/** Assets, the asset graph and their queries. */
export function registerAssetTypes(): void {
  const AssetType = builder.objectRef<AssetNode>("Asset").implement({
    fields: (t) => ({
      key: t.string({ resolve: (a) => a.asset.key }),
      group: t.string({ resolve: (a) => a.asset.group }),
      description: t.string({ nullable: true, resolve: (a) => a.asset.description }),
      locationName: t.exposeString("locationName"),
      dependencies: t.stringList({ description: "Keys of the assets this one reads.", resolve: (a) => a.asset.deps }),
      dependents: t.stringList({ description: "Keys of the assets that read this one.", resolve: (a) => a.dependents }),
      hasRetryPolicy: t.boolean({ resolve: (a) => a.asset.hasRetry }),
      partitionsDefinition: t.field({
        type: PartitionsDefinitionType,
        nullable: true,
        description: "Null for an unpartitioned asset.",
        resolve: (a) => a.asset.partitions ?? null,
      }),
      takesPartitionRange: t.boolean({
        description: 'Whether one run may materialize a range of its partitions (backfillPolicy: "singleRun").',
        resolve: (a) => a.asset.takesPartitionRange ?? false,
      }),
      partitionKeys: t.connection({
        type: "String",
        description:
          "The asset's partition keys in order (time windows closed by now); empty for an unpartitioned or dynamically partitioned asset.",
        resolve: (a, args) =>
          resolveKeyPage(a.asset.partitions && !hasDynamic(a.asset.partitions) ? partitionKeysOf(a.asset.partitions) : [], args),
      }),
      latestMaterialization: t.field({ type: AssetMaterializationType, nullable: true, resolve: (a) => a.latest }),
      materializations: t.prismaConnection({
        type: "AssetMaterialization",
        cursor: "id",
        description: "Materializations of this asset, newest first.",
        resolve: (query, asset, _args, ctx) =>
          ctx.instance.store.prisma.assetMaterialization.findMany({
            ...query,
            where: { assetKey: asset.asset.key },
            orderBy: { id: "desc" },
          }),
      }),
    }),
  });

  const AssetEdgeType = builder.objectRef<{ from: string; to: string }>("AssetDependency").implement({
    description: "`to` reads `from`.",
    fields: (t) => ({ from: t.exposeString("from"), to: t.exposeString("to") }),
  });

  const AssetPositionType = builder.objectRef<AssetGraphLayout["positions"][number]>("AssetPosition").implement({
    description: "Where an asset's node sits: its top-left corner.",
    fields: (t) => ({ key: t.exposeString("key"), x: t.exposeFloat("x"), y: t.exposeFloat("y") }),
  });

  const AssetGraphLayoutType = builder.objectRef<AssetGraphLayout>("AssetGraphLayout").implement({
    description: "The lineage laid out left to right along dependencies, for nodes of the given size.",
    fields: (t) => ({
      nodeWidth: t.exposeInt("nodeWidth"),
      nodeHeight: t.exposeInt("nodeHeight"),
      positions: t.field({ type: [AssetPositionType], resolve: (l) => l.positions }),
    }),
  });

  const AssetGraphType = builder.objectRef<{ nodes: AssetNode[] }>("AssetGraph").implement({
    fields: (t) => ({
      layout: t.field({
        type: AssetGraphLayoutType,
        nullable: true,
        description: "Null while the layout of these nodes is computed (after a code location loads) or when it failed.",
        resolve: (g, _a, ctx) => ctx.instance.assetLayouts.layoutOf(g.nodes.map((n) => n.asset)),
      }),
      nodes: t.field({ type: [AssetType], resolve: (g) => g.nodes }),
      edges: t.field({
        type: [AssetEdgeType],
        resolve: (g) => g.nodes.flatMap((n) => n.asset.deps.map((from) => ({ from, to: n.asset.key }))),
      }),
    }),
  });

  async function assetNodes(ctx: GraphQLContext, keys?: string[]): Promise<AssetNode[]> {
    const assets = allAssets(ctx.instance.locations.list());
    const selected = keys ? assets.filter((a) => keys.includes(a.asset.key)) : assets;
    const latest = await latestMaterializations(
      ctx.instance.store,
      selected.map((a) => a.asset.key),
    );
    const dependents = new Map<string, string[]>();
    for (const a of assets) for (const dep of a.asset.deps) dependents.set(dep, [...(dependents.get(dep) ?? []), a.asset.key]);
    return selected.map((a) => ({
      ...a,
      latest: latest.get(a.asset.key) ?? null,
      dependents: dependents.get(a.asset.key) ?? [],
    }));
  }

  builder.queryFields((t) => ({
    assets: t.field({
      type: [AssetType],
      args: { group: t.arg.string({ required: false }) },
      resolve: async (_r, args, ctx) => (await assetNodes(ctx)).filter((a) => !args.group || a.asset.group === args.group),
    }),
    asset: t.field({
      type: AssetType,
      nullable: true,
      args: { key: t.arg.string({ required: true }) },
      resolve: async (_r, args, ctx) => (await assetNodes(ctx, [args.key]))[0] ?? null,
    }),
    assetGraph: t.field({
      type: AssetGraphType,
      description: "Every asset with its latest materialization, and the dependencies between them.",
      resolve: async (_r, _a, ctx) => ({ nodes: await assetNodes(ctx) }),
    }),
  }));
}
