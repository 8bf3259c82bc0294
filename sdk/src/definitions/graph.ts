// Graph helpers over step keys: a stable topological order and a printable cycle.

/** deps: key -> upstream keys. Returns keys in topological order (ties keep the input order), or the cycle. */
export function topologicalOrder(
  keys: readonly string[],
  deps: ReadonlyMap<string, readonly string[]>,
): { order: string[] } | { cycle: string[] } {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const order: string[] = [];
  for (const root of keys) {
    if (state.has(root)) continue;
    // Iterative DFS so a 10,000-step chain cannot overflow the stack.
    const stack: { key: string; i: number }[] = [{ key: root, i: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ups = deps.get(top.key) ?? [];
      if (top.i < ups.length) {
        const up = ups[top.i++]!;
        const s = state.get(up);
        if (s === 1) {
          const from = stack.findIndex((f) => f.key === up);
          return { cycle: [...stack.slice(from).map((f) => f.key), up] };
        }
        if (s === undefined && deps.has(up)) {
          state.set(up, 1);
          stack.push({ key: up, i: 0 });
        }
      } else {
        state.set(top.key, 2);
        order.push(top.key);
        stack.pop();
      }
    }
  }
  return { order };
}

/** "a -> b -> a", in dependency direction (upstream first). */
export function formatCycle(cycle: string[]): string {
  return [...cycle].reverse().join(" -> ");
}
