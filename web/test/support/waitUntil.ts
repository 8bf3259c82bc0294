// Polls a condition until it holds (or the deadline passes): tests wait on state, never on the clock.
export async function waitUntil<T>(
  check: () => Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
