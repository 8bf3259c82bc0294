import assert from "node:assert/strict";
import { test } from "node:test";
import { defineAsset, defineDefinitions, executeInProcess, type IOManager, type WeirEvent } from "../src/index.ts";
import { find, stepTypes } from "./eventQueries.ts";

/** Records what the step returned as its output's metadata, as a warehouse IO manager reporting row counts would. */
const metadataFromValue: IOManager = {
  async handleOutput(_ctx, value) {
    return (value as { metadata: Record<string, unknown> }).metadata;
  },
  async loadInput() {
    throw new Error("not used");
  },
};

const cyclic: Record<string, unknown> = { table: "orders" };
cyclic.parent = { child: cyclic };

const defs = defineDefinitions({
  assets: [
    defineAsset({ key: "counted", ioManager: metadataFromValue, compute: () => ({ metadata: { stats: { rows: 10n } } }) }),
    defineAsset({ key: "looped", ioManager: metadataFromValue, compute: () => ({ metadata: cyclic }) }),
    defineAsset({ key: "plain", ioManager: metadataFromValue, compute: () => ({ metadata: { rows: 10 } }) }),
  ],
});

function lines(events: WeirEvent[]): string[] {
  return events.map((e) => JSON.stringify(e));
}

test("output metadata with a BigInt fails its step with an error naming the step, the value and where it is", async () => {
  const r = await executeInProcess(defs, { assets: ["counted", "plain"] });
  assert.equal(r.status, "FAILURE");
  const failure = find(r.events, "STEP_FAILURE", "counted");
  assert.match(
    failure.message,
    /Step "counted" returned output metadata that cannot be stored as JSON: a BigInt \(10n; convert it to a number or a string\) at metadata\.stats\.rows/,
  );
  assert.equal((failure.data!.error as { name: string }).name, "OutputMetadataError");
  assert.deepEqual(stepTypes(r.events, "counted"), ["STEP_START", "STEP_FAILURE"], "no output event carries the value");
  assert.deepEqual(stepTypes(r.events, "plain"), ["STEP_START", "STEP_OUTPUT", "ASSET_MATERIALIZATION", "STEP_SUCCESS"]);
  assert.deepEqual(
    r.events.map((e) => e.seq),
    r.events.map((_, i) => i + 1),
    "seqs stay contiguous",
  );
  assert.doesNotThrow(() => lines(r.events), "every event of the run encodes");
});

test("output metadata that contains itself fails its step, naming the path of the cycle", async () => {
  const r = await executeInProcess(defs, { assets: ["looped"] });
  assert.equal(r.status, "FAILURE");
  const failure = find(r.events, "STEP_FAILURE", "looped");
  assert.match(
    failure.message,
    /Step "looped" returned output metadata that cannot be stored as JSON: a circular reference .* at metadata\.parent\.child/,
  );
  assert.doesNotThrow(() => lines(r.events));
});
