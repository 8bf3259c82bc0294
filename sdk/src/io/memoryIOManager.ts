// An IO manager that keeps outputs in a Map: for tests, notebooks and benchmarks where files would dominate.
import type { InputContext, IOManager, OutputContext } from "./ioManager.ts";

export function createMemoryIOManager(store: Map<string, unknown> = new Map()): IOManager & { store: Map<string, unknown> } {
  const assetId = (key: string, partition?: string | null) => `asset:${key}${partition != null ? `#${partition}` : ""}`;
  return {
    store,
    async handleOutput(ctx: OutputContext, value: unknown) {
      store.set(ctx.assetKey !== undefined ? assetId(ctx.assetKey, ctx.partitionKey) : `run:${ctx.runId}:${ctx.stepKey}`, value);
    },
    async loadInput(ctx: InputContext) {
      const id =
        ctx.upstreamAssetKey !== undefined
          ? assetId(ctx.upstreamAssetKey, ctx.partitionKey)
          : `run:${ctx.upstreamRunId}:${ctx.upstreamStepKey}`;
      if (!store.has(id)) {
        const what =
          ctx.upstreamAssetKey !== undefined
            ? `upstream asset "${ctx.upstreamAssetKey}"${ctx.partitionKey != null ? ` (partition "${ctx.partitionKey}")` : ""}, which was never materialized`
            : `"${ctx.upstreamStepKey}"`;
        throw new Error(`step "${ctx.stepKey}" needs ${what}; the memory IO manager does not hold it (${id})`);
      }
      return store.get(id);
    },
  };
}
