// One scenario suite, run against every launcher: what a user relies on whichever launcher the deployment
// picks. Issue 4's list (success; a step failing with retry; terminate mid-step; the worker killed with
// SIGKILL; process.exit(3) in user code; 10 runs at once; 100,000 log lines from one step, in order), plus
// a code location that does not load and a 10 MB log line. Each launcher is one row of LAUNCHERS; tests of
// one launcher alone (engine errors, tags, reattach, warm workers, the SIGTERM-to-SIGKILL escalation...)
// stay beside it in src/<name>Launcher.test.ts.
//
// The launcher's side of the contract is checked here: the events it delivers (in order, seq contiguous,
// each run's own) and the exit it reports once. When a worker ends without a final event, the server
// turns that exit report into the run's RUN_FAILURE (server/src/runs/runDispatcher.ts): its exit code or
// signal and its stderr tail are what the reason is made of, so those are asserted exactly.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { WeirEvent } from "@weir/sdk";
import { createDockerLauncher, RUN_ID_LABEL } from "../src/docker/dockerLauncher.ts";
import { createInProcessLauncher } from "../src/inProcess/inProcessLauncher.ts";
import type { RunLauncher, WorkerExit } from "../src/runLauncher.ts";
import { createSubprocessLauncher } from "../src/subprocess/subprocessLauncher.ts";
import { describeWorkerExit } from "../src/worker/workerExitReason.ts";
import { engine, requireDockerEngine, TEST_IMAGE } from "./dockerTestEngine.ts";
import { assertContiguous, instanceDir, launch, notDefinitionsFile, request, type LaunchedRun } from "./launchHarness.ts";

/** A worker that runs in a process (or container) of its own, which can die under the launcher. */
interface WorkerProcess {
  /** Kills the run's worker with SIGKILL from outside (an operator, the OOM killer). */
  kill(run: LaunchedRun): Promise<void>;
  /** The exit code the launcher reports for a worker killed so (null for a process, 128 + 9 for a container). */
  killedExitCode: number | null;
  /** Asserts nothing of the worker is left once its exit was reported (no process, no container). */
  assertGone(run: LaunchedRun): Promise<void>;
}

interface LauncherUnderTest {
  name: string;
  /** What must exist before the launcher can run anything. */
  prepare?(): Promise<void>;
  create(): RunLauncher;
  /**
   * Absent for in-process, which has no worker process: its runs execute in the server's own process, so
   * a SIGKILL of "the worker" or process.exit(3) in user code ends the server itself (the price of
   * in-process, said in inProcessLauncher.ts), and no launcher is left to report anything. Those two
   * scenarios are not generated for it: there is no launcher behaviour to test, and a test doing either
   * would kill the test runner.
   */
  worker?: WorkerProcess;
}

const LAUNCHERS: LauncherUnderTest[] = [
  { name: "in-process", create: () => createInProcessLauncher() },
  {
    name: "subprocess",
    create: () => createSubprocessLauncher({ gracePeriodMs: 3000 }),
    worker: {
      kill: async (run) => void process.kill(run.workerInfo!.pid as number, "SIGKILL"),
      killedExitCode: null,
      assertGone: async (run) => assert.throws(() => process.kill(run.workerInfo!.pid as number, 0), { code: "ESRCH" }),
    },
  },
  {
    name: "docker",
    // A missing engine fails every test of this row, naming the fix.
    prepare: requireDockerEngine,
    create: () => createDockerLauncher({ image: TEST_IMAGE, gracePeriodMs: 3000 }),
    worker: {
      kill: (run) => engine.docker.getContainer(run.workerInfo!.containerId as string).kill({ signal: "SIGKILL" }),
      killedExitCode: 137,
      async assertGone(run) {
        const left = await engine.docker.listContainers({ all: true, filters: { label: [`${RUN_ID_LABEL}=${run.runId}`] } });
        assert.deepEqual(
          left.map((c) => c.Id),
          [],
          "the run's container is removed",
        );
      },
    },
  },
];

/** The events as "TYPE stepKey", the order a user reads in the run's log. */
function outline(events: WeirEvent[]): string[] {
  return events.map((e) => (e.stepKey ? `${e.type} ${e.stepKey}` : e.type));
}

function assertExit(exit: WorkerExit, exitCode: number | null, signal: string | null = null): void {
  assert.equal(exit.error, undefined, exit.error?.message);
  assert.deepEqual(
    { exitCode: exit.exitCode ?? null, signal: exit.signal ?? null },
    { exitCode, signal },
    `stderr: ${exit.stderrTail}`,
  );
}

/** Resolves once the "wait" step of job "slow" is inside its step function (it logged "waiting"). */
function midStep(run: LaunchedRun): Promise<WeirEvent> {
  return run.waitFor((e) => e.type === "LOG" && e.stepKey === "wait" && e.message === "waiting");
}

for (const subject of LAUNCHERS) {
  describe(`launcher scenarios: ${subject.name}`, () => {
    let launcher: RunLauncher;
    before(async () => {
      await subject.prepare?.();
      launcher = subject.create();
    });
    after(() => launcher?.dispose());

    test("a successful run: RUN_START..RUN_SUCCESS, seq contiguous from firstSeq, step output as LOG events of its step", async () => {
      const req = request("succeed", { firstSeq: 5 });
      const run = await launch(launcher, req);
      const exit = await run.exit;
      assertExit(exit, 0);
      assert.deepEqual(outline(run.events), [
        "RUN_START",
        ...["STEP_START", "STEP_OUTPUT", "STEP_SUCCESS"].map((t) => `${t} first`),
        ...["STEP_START", "LOG", "LOG", "STEP_OUTPUT", "STEP_SUCCESS"].map((t) => `${t} second`),
        "RUN_SUCCESS",
      ]);
      assertContiguous(run.events, 5);
      assert.ok(run.events.every((e) => e.runId === req.runId));
      const logs = run.events.filter((e) => e.type === "LOG").map((e) => [e.message, e.data?.source]);
      assert.deepEqual(logs, [
        ["hello from step, value 20", "stdout"],
        ["logger line", "logger"],
      ]);
      if (subject.worker) {
        // Printed at import, outside any step: the worker's stderr, never its event channel.
        assert.match(exit.stderrTail ?? "", /runs fixture imported/);
        await subject.worker.assertGone(run);
      }
      assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
    });

    test("a step that fails once is retried and the run succeeds", async () => {
      const run = await launch(launcher, request("retries"));
      assertExit(await run.exit, 0);
      assert.deepEqual(outline(run.events), [
        "RUN_START",
        ...["STEP_START", "STEP_UP_FOR_RETRY", "STEP_RESTARTED", "STEP_OUTPUT", "STEP_SUCCESS"].map((t) => `${t} flaky`),
        "RUN_SUCCESS",
      ]);
      assertContiguous(run.events, 1);
      const retry = run.events.find((e) => e.type === "STEP_UP_FOR_RETRY")!;
      assert.match(retry.message, /failed \(attempt 1\): first attempt fails on purpose; retrying in 50 ms/);
      assert.equal(retry.data?.attempt, 1);
      assert.equal(run.events.find((e) => e.type === "STEP_RESTARTED")!.data?.attempt, 2);
    });

    test("a step that fails every attempt spends its retry, then the run ends RUN_FAILURE with its error, exit code 1", async () => {
      const run = await launch(launcher, request("fail"));
      assertExit(await run.exit, 1);
      assert.deepEqual(outline(run.events), [
        "RUN_START",
        ...["STEP_START", "STEP_UP_FOR_RETRY", "STEP_RESTARTED", "STEP_FAILURE"].map((t) => `${t} explode`),
        "RUN_FAILURE",
      ]);
      assertContiguous(run.events, 1);
      const failure = run.events.find((e) => e.type === "STEP_FAILURE")!;
      assert.match(failure.message, /Step "explode" failed .*: step exploded on purpose/);
      assert.equal((failure.data?.error as { message?: string } | undefined)?.message, "step exploded on purpose");
      assert.match(run.events.at(-1)!.message, /step\(s\) "explode" failed/);
    });

    test("terminate mid-step aborts the step and ends RUN_CANCELED, exit code 143", async () => {
      const req = request("slow");
      const run = await launch(launcher, req);
      await midStep(run);
      assert.equal((await launcher.checkHealth(req.runId)).status, "RUNNING");
      assert.equal(await launcher.terminate(req.runId), true);
      assertExit(await run.exit, 143);
      assert.deepEqual(outline(run.events), [
        "RUN_START",
        "STEP_START wait",
        "LOG wait",
        "RUN_CANCELING",
        "STEP_FAILURE wait",
        "RUN_CANCELED",
      ]);
      assertContiguous(run.events, 1);
      // The step saw ctx.signal fire: it was stopped, not abandoned.
      assert.match(run.events.find((e) => e.type === "STEP_FAILURE")!.message, /wait aborted/);
      assert.equal(await launcher.terminate(req.runId), false, "a finished run is not terminated again");
      assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
    });

    if (subject.worker) {
      const worker = subject.worker;

      test("a worker killed with SIGKILL mid-step: no end event, the exit reports SIGKILL", async () => {
        const req = request("slow");
        const run = await launch(launcher, req);
        await midStep(run);
        await worker.kill(run);
        const exit = await run.exit;
        assertExit(exit, worker.killedExitCode, "SIGKILL");
        assert.match(describeWorkerExit(exit), /^the run worker was killed by SIGKILL before the run finished/);
        // Everything up to the kill arrived; the run's end is the server's to record from the exit report.
        assert.deepEqual(outline(run.events), ["RUN_START", "STEP_START wait", "LOG wait"]);
        assertContiguous(run.events, 1);
        assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
        await worker.assertGone(run);
      });

      test("process.exit(3) in user code: exit code 3, and the stderr tail ends with what the step printed", async () => {
        const run = await launch(launcher, request("exits"));
        const exit = await run.exit;
        assertExit(exit, 3);
        assert.match(exit.stderrTail ?? "", /fatal: giving up with exit code 3\n$/);
        // The RUN_FAILURE reason the server records from this exit report.
        assert.match(
          describeWorkerExit(exit),
          /^the run worker exited with code 3 before the run finished; stderr ends with:\n(.|\n)*fatal: giving up with exit code 3$/,
        );
        assert.deepEqual(outline(run.events), ["RUN_START", "STEP_START quit"]);
        assertContiguous(run.events, 1);
        await worker.assertGone(run);
      });
    }

    test("10 runs at once all execute together and each keeps its own events and seq", async () => {
      const tags = { "test/barrier": path.join(instanceDir, `barrier-${randomUUID()}`), "test/runs": "10" };
      const requests = Array.from({ length: 10 }, (_, i) => request("together", { firstSeq: 1 + 100 * i, tags }));
      const runs = await Promise.all(requests.map((req) => launch(launcher, req)));
      const exits = await Promise.all(runs.map((run) => run.exit));
      for (const [i, run] of runs.entries()) {
        const req = requests[i]!;
        assertExit(exits[i]!, 0);
        assert.deepEqual(outline(run.events), [
          "RUN_START",
          ...["STEP_START", "LOG", "STEP_OUTPUT", "STEP_SUCCESS"].map((t) => `${t} gather`),
          "RUN_SUCCESS",
        ]);
        assertContiguous(run.events, req.firstSeq);
        assert.ok(
          run.events.every((e) => e.runId === req.runId),
          `run ${i} received another run's event`,
        );
        // The step waits until all 10 runs are inside it: had they run one after another, it would have failed.
        assert.equal(run.events.find((e) => e.type === "LOG")!.message, "10 of 10 runs are running at once");
        assert.deepEqual(await launcher.checkHealth(req.runId), { status: "NOT_FOUND" });
        await subject.worker?.assertGone(run);
      }
    });

    test("100,000 log lines from one step all arrive, in order, between its start and its success", async () => {
      const run = await launch(launcher, request("chatty"));
      assertExit(await run.exit, 0);
      assertContiguous(run.events, 1);
      const lines = 100_000;
      assert.equal(run.events.length, lines + 5);
      const around = [...run.events.slice(0, 2), ...run.events.slice(2 + lines)];
      assert.deepEqual(outline(around), [
        "RUN_START",
        "STEP_START chatter",
        "STEP_OUTPUT chatter",
        "STEP_SUCCESS chatter",
        "RUN_SUCCESS",
      ]);
      for (let i = 0; i < lines; i++) {
        const e = run.events[2 + i]!;
        if (e.type !== "LOG" || e.stepKey !== "chatter" || e.data?.source !== "stdout" || e.message !== `line ${i}`) {
          assert.fail(`log line ${i} is ${JSON.stringify(e)}`);
        }
      }
    });

    test("a single 10 MB log line arrives whole", async () => {
      const run = await launch(launcher, request("huge"));
      assertExit(await run.exit, 0);
      assert.deepEqual(outline(run.events), [
        "RUN_START",
        ...["STEP_START", "LOG", "STEP_OUTPUT", "STEP_SUCCESS"].map((t) => `${t} shout`),
        "RUN_SUCCESS",
      ]);
      assertContiguous(run.events, 1);
      const line = run.events.find((e) => e.type === "LOG")!.message;
      assert.equal(line.length, 10 * 1024 * 1024);
      assert.match(line, /^x+$/);
    });

    test("a code location that does not load: no event, and a reason naming the file", async () => {
      const run = await launch(launcher, request("succeed", { location: { name: "bad", file: notDefinitionsFile } }));
      const exit = await run.exit;
      assert.deepEqual(run.events, []);
      // A worker process exits 2 with the reason on stderr; in-process, the load error itself is reported.
      if (subject.worker) assertExit(exit, 2);
      const reason = subject.worker ? exit.stderrTail : exit.error?.message;
      assert.match(reason ?? "", /notDefinitions\.ts must default-export defineDefinitions/);
    });
  });
}
