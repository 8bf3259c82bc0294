// Runs one daemon loop: a pass every interval and on the signals it listens to, never two passes at once
// (a pass asked for while one runs shares it), each outcome recorded as the loop's heartbeat and a failed
// pass logged with the loop's name; stop ends the timer and the subscription, then waits for the loop.
import type { DaemonLoop, DaemonLoopContext, LoopHandle } from "./daemonLoop.ts";
import type { Heartbeats } from "./heartbeats.ts";

export function runLoop<Handle extends LoopHandle>(
  loop: DaemonLoop<string, Handle>,
  context: Omit<DaemonLoopContext, "beat">,
  heartbeats: Heartbeats,
): Handle {
  const { log } = context.services;
  const beat = (error?: Error) => heartbeats.beat(loop.name, error);
  const handle = loop.start({ ...context, beat });
  const triggers = loop.triggers(context.config);
  let passing: Promise<void> | undefined;
  let stopped = false;

  const pass = (): Promise<void> => {
    if (stopped) return passing ?? Promise.resolve();
    return (passing ??= handle
      .pass()
      .then(
        () => beat(),
        (error: Error) => {
          log.error({ err: error, loop: loop.name }, `daemon loop "${loop.name}" failed a pass: ${error.message}`);
          beat(error);
        },
      )
      .finally(() => (passing = undefined)));
  };

  const timer = triggers.intervalMs === null ? undefined : setInterval(() => void pass(), triggers.intervalMs);
  timer?.unref();
  const signals = triggers.signals ?? [];
  const unsubscribe = signals.length ? context.bus.subscribeSignals((kind) => signals.includes(kind) && void pass()) : undefined;
  if (triggers.atStart) void pass();

  return {
    ...handle,
    pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      await Promise.allSettled([handle.stop(), passing]);
    },
  };
}
