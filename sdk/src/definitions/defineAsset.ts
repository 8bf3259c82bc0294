import type { z } from "zod";
import type { IOManager } from "../io/ioManager.ts";
import type { RetryPolicy } from "../execution/retryDelay.ts";
import { checkAssetKey } from "./keys.ts";
import { checkRetryPolicy } from "../execution/retryPolicyCheck.ts";
import type { AssetDef, ConfigOf, InputValues, StepContext } from "./types.ts";

export interface AssetSpec<I extends Record<string, AssetDef<any>>, T, C extends z.ZodType | undefined> {
  key: string;
  group?: string;
  description?: string;
  /** Upstream assets; the compute function receives their values under the same names. */
  ins?: I;
  config?: C;
  retry?: RetryPolicy;
  ioManager?: IOManager;
  compute: (ins: InputValues<I>, ctx: StepContext<ConfigOf<C>>) => Promise<T> | T;
}

export function defineAsset<
  I extends Record<string, AssetDef<any>> = {},
  T = unknown,
  C extends z.ZodType | undefined = undefined,
>(spec: AssetSpec<I, T, C>): AssetDef<T> {
  return {
    kind: "asset",
    key: checkAssetKey(spec.key),
    group: spec.group ?? "default",
    description: spec.description ?? null,
    ins: { ...(spec.ins ?? {}) },
    config: spec.config,
    retry: checkRetryPolicy(`asset "${spec.key}"`, spec.retry),
    ioManager: spec.ioManager,
    compute: spec.compute as AssetDef["compute"],
  };
}
