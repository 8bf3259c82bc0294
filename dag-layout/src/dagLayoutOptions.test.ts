import assert from "node:assert/strict";
import { test } from "node:test";
import { dagLayoutOptions } from "./dagLayoutOptions.ts";

test("a small DAG gets ELK's thorough placement in the asked direction", () => {
  const options = dagLayoutOptions(10, "DOWN");
  assert.equal(options["elk.algorithm"], "layered");
  assert.equal(options["elk.direction"], "DOWN");
  assert.equal(options["elk.layered.nodePlacement.strategy"], "BRANDES_KOEPF");
  assert.equal(options["elk.layered.considerModelOrder.strategy"], "NODES_AND_EDGES");
});

test("past 120 nodes the layout trades polish for speed", () => {
  const options = dagLayoutOptions(121, "RIGHT");
  assert.equal(options["elk.layered.thoroughness"], "1");
  assert.equal(options["elk.layered.nodePlacement.strategy"], "SIMPLE");
  assert.equal(options["elk.layered.considerModelOrder.strategy"], undefined);
});
