// Rejects retry policies that would loop forever or wait a negative time, at definition time.
import { DefinitionError } from "../definitions/definitionError.ts";
import type { RetryPolicy } from "./retryDelay.ts";

export function checkRetryPolicy(owner: string, policy: RetryPolicy | undefined): RetryPolicy | undefined {
  if (policy === undefined) return undefined;
  const { maxRetries, delayMs, backoff = "constant", jitter = "none" } = policy;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new DefinitionError(`${owner}: retry.maxRetries must be an integer >= 0, got ${maxRetries}`);
  if (typeof delayMs !== "number" || !(delayMs >= 0) || !Number.isFinite(delayMs))
    throw new DefinitionError(`${owner}: retry.delayMs must be a number >= 0, got ${delayMs}`);
  if (!["constant", "linear", "exponential"].includes(backoff))
    throw new DefinitionError(`${owner}: unknown retry.backoff "${backoff}"`);
  if (!["none", "full", "plusMinus"].includes(jitter)) throw new DefinitionError(`${owner}: unknown retry.jitter "${jitter}"`);
  return { maxRetries, delayMs, backoff, jitter };
}
