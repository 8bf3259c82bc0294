import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import { openTestStore } from "../../test/databases.ts";
import { createEventSink } from "../events/eventSink.ts";
import type { RunServices } from "../runs/runServices.ts";
import { startCrossProcessBus } from "../store/crossProcessBus.ts";
import { defineDaemonLoop, type DaemonLoopContext } from "./daemonLoop.ts";
import { singleProcessLiveness } from "./daemonLiveness.ts";
import { waitFor } from "./daemonTestHarness.ts";
import { readDaemonHealth, startHeartbeats } from "./heartbeats.ts";
import { runLoop } from "./loopRunner.ts";

describe("daemon loop runner", () => {
  it("passes at start and on its signals, one at a time; a failed pass is logged and beats with its error; stop waits, then no more passes", async () => {
    const store = await openTestStore("pglite");
    const sink = createEventSink(store);
    const bus = await startCrossProcessBus({ store, sink, databaseUrl: null });
    const logged: string[] = [];
    const log = pino({ level: "error" }, { write: (line: string) => void logged.push(JSON.parse(line).msg) });
    const heartbeats = startHeartbeats(store, ["probe"], 3600_000, "d1");
    let passes = 0;
    let failNext = false;
    let release: (() => void) | undefined;
    let stopped = false;
    const probe = defineDaemonLoop({
      name: "probe",
      label: "Probe",
      description: "Counts its passes.",
      // No interval within the test: only the start and the signals make passes.
      triggers: () => ({ intervalMs: 3600_000, signals: ["instigatorsChanged"], atStart: true }),
      start: () => ({
        async pass() {
          passes++;
          if (failNext) {
            failNext = false;
            throw new Error("could not read states: connection refused");
          }
          await new Promise<void>((resolve) => (release = resolve));
          release = undefined;
        },
        async stop() {
          stopped = true;
        },
        extra: () => "the loop's own API",
      }),
    });
    const context = {
      services: { store, sink, log } as unknown as RunServices,
      bus,
      config: {},
      liveness: singleProcessLiveness("d1"),
      daemonId: "d1",
      fireSchedules: false,
    };
    const loop = runLoop(probe, context as unknown as Omit<DaemonLoopContext, "beat">, heartbeats);
    try {
      assert.equal(loop.extra(), "the loop's own API", "the handle keeps what the loop's file exposes");
      await waitFor("the pass at start", async () => release !== undefined);
      // Asked for while one runs: shared, not a second pass.
      const shared = [loop.pass(), loop.pass()];
      assert.equal(passes, 1);
      release!();
      await Promise.all(shared);

      bus.signal("runsQueued");
      failNext = true;
      bus.signal("instigatorsChanged");
      await waitFor("the signalled pass to fail", async () => logged.length > 0);
      assert.equal(passes, 2, "one pass for its signal, none for another signal");
      assert.match(logged[0]!, /daemon loop "probe" failed a pass: could not read states: connection refused/);
      await heartbeats.flush();
      assert.equal((await readDaemonHealth(store, 60_000))[0]?.lastError, "could not read states: connection refused");

      const inFlight = loop.pass();
      await waitFor("a pass in flight", async () => release !== undefined);
      let stopDone = false;
      const stopping = loop.stop().then(() => (stopDone = true));
      await waitFor("the loop's own stop", async () => stopped);
      assert.equal(stopDone, false, "stop waits for the pass in flight");
      release!();
      await Promise.all([inFlight, stopping]);
      bus.signal("instigatorsChanged");
      await loop.pass();
      assert.equal(passes, 3, "no pass after stop");
    } finally {
      await loop.stop();
      await heartbeats.stop();
      await bus.close();
      await sink.close();
      await store.close();
    }
  });
});
