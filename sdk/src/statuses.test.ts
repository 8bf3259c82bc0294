import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { EVENT_TYPES, RUN_STATUSES, type RunStatus } from "./events.ts";
import {
  CANCELABLE_STATUSES,
  FINISHED_STATUSES,
  IN_PROGRESS_STATUSES,
  TERMINABLE_STATUSES,
  UNFINISHED_STATUSES,
  canTerminate,
  isFinished,
  isInProgress,
  isUnfinished,
  runPhase,
  statusAfterEvent,
  statusRank,
  statusRankSql,
} from "./statuses.ts";

const sorted = (set: ReadonlySet<RunStatus>) => [...set].sort();

test("each status set holds what its name says", () => {
  assert.deepEqual(sorted(FINISHED_STATUSES), ["CANCELED", "FAILURE", "SUCCESS"]);
  assert.deepEqual(sorted(IN_PROGRESS_STATUSES), ["CANCELING", "STARTED", "STARTING"]);
  assert.deepEqual(sorted(UNFINISHED_STATUSES), ["CANCELING", "QUEUED", "STARTED", "STARTING"]);
  assert.deepEqual(sorted(TERMINABLE_STATUSES), sorted(UNFINISHED_STATUSES));
  assert.deepEqual(sorted(CANCELABLE_STATUSES), ["STARTED", "STARTING"]);
});

test("every status is exactly one of queued, in progress or finished", () => {
  for (const status of RUN_STATUSES) {
    const phases = [status === "QUEUED", isInProgress(status), isFinished(status)].filter(Boolean);
    assert.equal(phases.length, 1, status);
    assert.equal(isUnfinished(status), !isFinished(status), status);
    assert.equal(canTerminate(status), !isFinished(status), status);
  }
  assert.equal(runPhase("QUEUED"), "queued");
  assert.equal(runPhase("CANCELING"), "inProgress");
  assert.equal(runPhase("CANCELED"), "finished");
});

test("ranks only move forward along a run's life; finished statuses share the last rank", () => {
  const order: RunStatus[] = ["QUEUED", "STARTING", "STARTED", "CANCELING"];
  for (let i = 1; i < order.length; i++) assert.ok(statusRank(order[i]!) > statusRank(order[i - 1]!), order[i]);
  const finalRanks = new Set(sorted(FINISHED_STATUSES).map(statusRank));
  assert.equal(finalRanks.size, 1);
  assert.ok([...finalRanks][0]! > statusRank("CANCELING"));
});

test("the SQL rank expression gives the same rank as statusRank for every status", () => {
  const sql = statusRankSql("s");
  for (const status of RUN_STATUSES) assert.match(sql, new RegExp(`WHEN '${status}' THEN ${statusRank(status)}( |$)`));
});

test("each RUN_* lifecycle event moves its run to one status; other events change none", () => {
  const moves = Object.fromEntries(EVENT_TYPES.flatMap((t) => (statusAfterEvent(t) ? [[t, statusAfterEvent(t)]] : [])));
  assert.deepEqual(moves, {
    RUN_ENQUEUED: "QUEUED",
    RUN_STARTING: "STARTING",
    RUN_START: "STARTED",
    RUN_SUCCESS: "SUCCESS",
    RUN_FAILURE: "FAILURE",
    RUN_CANCELING: "CANCELING",
    RUN_CANCELED: "CANCELED",
  });
});

test("the module is browser-safe: it imports only types, so the web UI can bundle it", () => {
  const source = readFileSync(new URL("./statuses.ts", import.meta.url), "utf8");
  const imports = source.split("\n").filter((line) => /^import\b/.test(line));
  assert.ok(imports.length > 0);
  for (const line of imports) assert.match(line, /^import type /, `a value import would reach the browser bundle: ${line}`);
});
