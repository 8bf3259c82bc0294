import type { z } from "zod";
import type { RetryPolicy } from "../execution/retryDelay.ts";
import { checkName } from "./keys.ts";
import { checkRetryPolicy } from "../execution/retryPolicyCheck.ts";
import type { ConfigOf, InputValues, OpDef, StepContext } from "./types.ts";

export interface OpSpec<I extends Record<string, OpDef<any>>, T, C extends z.ZodType | undefined> {
  name: string;
  description?: string;
  /** Upstream ops (of the same job); run receives their outputs under the same names. */
  ins?: I;
  config?: C;
  retry?: RetryPolicy;
  run: (ins: InputValues<I>, ctx: StepContext<ConfigOf<C>>) => Promise<T> | T;
}

export function defineOp<I extends Record<string, OpDef<any>> = {}, T = unknown, C extends z.ZodType | undefined = undefined>(
  spec: OpSpec<I, T, C>,
): OpDef<T> {
  return {
    kind: "op",
    name: checkName("op", spec.name),
    description: spec.description ?? null,
    ins: { ...(spec.ins ?? {}) },
    config: spec.config,
    retry: checkRetryPolicy(`op "${spec.name}"`, spec.retry),
    run: spec.run as OpDef["run"],
  };
}
