// How long to wait before a retry. Pure, so tests check every policy without sleeping.

export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  maxRetries: number;
  /** Base delay in milliseconds. */
  delayMs: number;
  backoff?: "constant" | "linear" | "exponential";
  jitter?: "none" | "full" | "plusMinus";
}

/**
 * Delay before retry n (1-based: n = 1 follows the first failed attempt).
 * Base: constant = delayMs, linear = delayMs * n, exponential = delayMs * 2^(n-1).
 * Jitter: none = base; full = random() * base (AWS "full jitter");
 * plusMinus = base * (1 + (random() * 2 - 1) * 0.5), i.e. uniformly within +/-50% of base.
 * Rounded to whole milliseconds.
 */
export function retryDelay(policy: RetryPolicy, n: number, random: () => number): number {
  const base =
    policy.backoff === "linear"
      ? policy.delayMs * n
      : policy.backoff === "exponential"
        ? policy.delayMs * 2 ** (n - 1)
        : policy.delayMs;
  switch (policy.jitter ?? "none") {
    case "full":
      return Math.round(random() * base);
    case "plusMinus":
      return Math.round(base * (1 + (random() * 2 - 1) * 0.5));
    default:
      return Math.round(base);
  }
}
