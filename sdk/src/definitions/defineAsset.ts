import type { z } from "zod";
import type { IOManager } from "../io/ioManager.ts";
import type { RetryPolicy } from "../execution/retryDelay.ts";
import { checkAssetKey } from "./keys.ts";
import { checkRetryPolicy } from "../execution/retryPolicyCheck.ts";
import type { PartitionMapping } from "../partitions/partitionMapping.ts";
import type { PartitionsDefinition } from "../partitions/partitionsDefinition.ts";
import type { AssetDef, AssetInput, ConfigOf, InputValues, StepContext } from "./types.ts";

export type AssetInputs = Record<string, AssetDef<any> | AssetInput<any>>;

export interface AssetSpec<I extends AssetInputs, T, C extends z.ZodType | undefined> {
  key: string;
  group?: string;
  description?: string;
  /**
   * Upstream assets; the compute function receives their values under the same names. An input is an
   * asset, or `{ asset, partitionMapping }` to say which upstream partitions a partition reads.
   */
  ins?: I;
  /** One materialization per partition key (dailyPartitions, staticPartitions...). */
  partitions?: PartitionsDefinition;
  /** "singleRun": one run materializes a whole range of partitions; compute returns a value per partition key. */
  backfillPolicy?: "singleRun" | "multiRun";
  config?: C;
  retry?: RetryPolicy;
  ioManager?: IOManager;
  compute: (ins: InputValues<I>, ctx: StepContext<ConfigOf<C>>) => Promise<T> | T;
}

function isAssetInput(x: AssetDef<any> | AssetInput<any>): x is AssetInput<any> {
  return typeof x === "object" && x !== null && !("kind" in x) && "asset" in x;
}

export function defineAsset<I extends AssetInputs = {}, T = unknown, C extends z.ZodType | undefined = undefined>(
  spec: AssetSpec<I, T, C>,
): AssetDef<T> {
  const ins: Record<string, AssetDef<unknown>> = {};
  const partitionMappings: Record<string, PartitionMapping> = {};
  for (const [name, input] of Object.entries(spec.ins ?? {})) {
    if (isAssetInput(input)) {
      ins[name] = input.asset;
      if (input.partitionMapping) partitionMappings[name] = input.partitionMapping;
    } else ins[name] = input;
  }
  return {
    kind: "asset",
    key: checkAssetKey(spec.key),
    group: spec.group ?? "default",
    description: spec.description ?? null,
    ins,
    partitionMappings,
    partitions: spec.partitions,
    backfillPolicy: spec.backfillPolicy,
    config: spec.config,
    retry: checkRetryPolicy(`asset "${spec.key}"`, spec.retry),
    ioManager: spec.ioManager,
    compute: spec.compute as AssetDef["compute"],
  };
}
