// Shared by the launcher tests: builds launch requests for the fixture location and collects what a
// launcher reports until the worker exits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import type { WeirEvent } from "@weir/sdk";
import type { LaunchRequest, RunLauncher, WorkerExit } from "../src/runLauncher.ts";

export const fixtureFile = fileURLToPath(new URL("./fixtures/runs.ts", import.meta.url));
export const notDefinitionsFile = fileURLToPath(new URL("./fixtures/notDefinitions.ts", import.meta.url));

/** The instance directory of every request (removed when the test process exits). */
export const instanceDir = mkdtempSync(path.join(tmpdir(), "weir-launchers-"));
process.on("exit", () => rmSync(instanceDir, { recursive: true, force: true }));

let counter = 0;
export function request(job: string, overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    runId: `run-${process.pid}-${++counter}`,
    location: { name: "runs", file: fixtureFile },
    target: { job },
    config: {},
    tags: {},
    stepSelection: null,
    parentRunId: null,
    partitionKey: null,
    firstSeq: 1,
    instanceDir,
    ...overrides,
  };
}

export interface LaunchedRun {
  runId: string;
  events: WeirEvent[];
  workerInfo: Record<string, unknown> | undefined;
  /** Resolves with the exit report, once. */
  exit: Promise<WorkerExit>;
  /** Resolves with the first event of this type (or that the predicate accepts), at once if it already arrived. */
  waitFor(match: WeirEvent["type"] | ((event: WeirEvent) => boolean)): Promise<WeirEvent>;
}

export async function launch(launcher: RunLauncher, req: LaunchRequest): Promise<LaunchedRun> {
  const events: WeirEvent[] = [];
  const waiters: { accepts(e: WeirEvent): boolean; resolve(e: WeirEvent): void }[] = [];
  let exits = 0;
  let resolveExit!: (exit: WorkerExit) => void;
  const exit = new Promise<WorkerExit>((resolve) => (resolveExit = resolve));
  const { workerInfo } = await launcher.launch(req, {
    onEvent(event) {
      assert.equal(exits, 0, "an event arrived after onExit");
      events.push(event);
      for (const w of waiters.filter((w) => w.accepts(event))) w.resolve(event);
    },
    onExit(report) {
      exits++;
      assert.equal(exits, 1, "onExit was called twice");
      resolveExit(report);
    },
  });
  return {
    runId: req.runId,
    events,
    workerInfo,
    exit,
    waitFor(match) {
      const accepts = typeof match === "string" ? (e: WeirEvent) => e.type === match : match;
      const seen = events.find(accepts);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ accepts, resolve }));
    },
  };
}

/** seq runs firstSeq, firstSeq+1, ... without a gap or a repeat. */
export function assertContiguous(events: WeirEvent[], firstSeq: number): void {
  events.forEach((event, i) => {
    if (event.seq !== firstSeq + i) assert.fail(`event ${i} (${event.type}) has seq ${event.seq}, expected ${firstSeq + i}`);
  });
}

export function types(events: WeirEvent[]): string[] {
  return events.map((e) => e.type);
}
