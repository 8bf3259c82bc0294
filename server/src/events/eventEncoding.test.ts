import assert from "node:assert/strict";
import { it } from "node:test";
import type { WeirEvent } from "@weir/sdk";
import { cutUtf8, encodeEvent } from "./eventEncoding.ts";

const RUN = "5b7a3c1e-0000-4000-8000-000000000001";
const KB = 1024;

function event(extra: Partial<WeirEvent>): WeirEvent {
  return { runId: RUN, seq: 7, type: "LOG", stepKey: "load", level: "INFO", message: "", timestamp: 1, ...extra };
}

it("passes an event under the cap through as it is, encoded in the batch statement's column order", () => {
  const e = event({ message: "hello", data: { source: "stdout" } });
  const encoded = encodeEvent(e, 64 * KB);
  assert.equal(encoded.event, e, "the same object: nothing was cut");
  assert.deepEqual(JSON.parse(encoded.row), [RUN, 7, "LOG", 1, "hello", "load", "INFO", { source: "stdout" }]);
  assert.equal(encoded.derived, null, "a LOG changes no run, step or asset");
  assert.equal(encoded.bytes, Buffer.byteLength(encoded.row));
  const start = encodeEvent(event({ type: "STEP_START" }), 64 * KB);
  assert.deepEqual(JSON.parse(start.derived!), [RUN, 7, "STEP_START", 1, "", "load", "INFO", null, null, "STARTED"]);
});

it("cuts a multi-byte message to the cap without splitting a character, and says what it cut", () => {
  const message = "é€😀".repeat(50 * KB);
  const encoded = encodeEvent(event({ message, data: { source: "stdout" } }), 16 * KB);
  const stored = encoded.event;
  assert.ok(Buffer.byteLength(encoded.row) <= 16 * KB, `row of ${Buffer.byteLength(encoded.row)} bytes`);
  assert.ok(stored.message.endsWith(" … [truncated]"));
  assert.ok(message.startsWith(stored.message.slice(0, -" … [truncated]".length)), "a prefix of the original");
  assert.ok(!stored.message.includes("\ufffd"), "no broken character");
  assert.deepEqual(stored.data, {
    source: "stdout",
    truncated: {
      originalBytes: Buffer.byteLength(message) + Buffer.byteLength('{"source":"stdout"}'),
      maxEventBytes: 16 * KB,
      fields: ["message"],
    },
  });
  assert.deepEqual(JSON.parse(encoded.row)[7], stored.data, "the row holds what subscribers get");
});

it("keeps the small data entries a failure carries and leaves out the large one", () => {
  const e = event({
    type: "STEP_FAILURE",
    message: "boom",
    data: { error: { name: "Error", message: "boom" }, dump: "z".repeat(100 * KB), attempt: 2 },
  });
  const stored = encodeEvent(e, 16 * KB).event;
  assert.deepEqual(stored.data?.error, { name: "Error", message: "boom" });
  assert.equal(stored.data?.attempt, 2);
  assert.equal(stored.data?.dump, undefined);
  assert.deepEqual((stored.data!.truncated as { fields: string[] }).fields, ["data.dump"]);
  assert.equal(stored.message, "boom");
});

it("cutUtf8 returns the longest prefix within the byte limit", () => {
  assert.equal(cutUtf8("abc", 10), "abc");
  assert.equal(cutUtf8("aé", 2), "a");
  assert.equal(cutUtf8("a😀", 4), "a");
  assert.equal(cutUtf8("a😀b", 5), "a😀");
  assert.equal(cutUtf8("abc", 0), "");
});
