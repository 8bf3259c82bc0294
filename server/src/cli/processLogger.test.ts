import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveLogFormat } from "./processLogger.ts";

describe("resolveLogFormat", () => {
  it("is pretty on a terminal and JSON otherwise", () => {
    assert.equal(resolveLogFormat(undefined, {}, true), "pretty");
    assert.equal(resolveLogFormat(undefined, {}, false), "json");
  });

  it("takes WEIR_LOG_FORMAT over the terminal check, and the flag over both", () => {
    assert.equal(resolveLogFormat(undefined, { WEIR_LOG_FORMAT: "json" }, true), "json");
    assert.equal(resolveLogFormat(undefined, { WEIR_LOG_FORMAT: "pretty" }, false), "pretty");
    assert.equal(resolveLogFormat("json", { WEIR_LOG_FORMAT: "pretty" }, true), "json");
    assert.equal(resolveLogFormat(undefined, { WEIR_LOG_FORMAT: "" }, true), "pretty");
  });

  it("refuses another value, naming where it came from", () => {
    assert.throws(() => resolveLogFormat("text", {}, true), /in --log-format: expected pretty or json, got "text"/);
    assert.throws(() => resolveLogFormat(undefined, { WEIR_LOG_FORMAT: "yaml" }, true), /in WEIR_LOG_FORMAT: expected pretty/);
  });
});
