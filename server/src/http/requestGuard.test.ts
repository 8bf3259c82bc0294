import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHost, checkOrigin, checkPost } from "./requestGuard.ts";

const LOOPBACK = { listenHost: "127.0.0.1" };

test("on loopback, only loopback Host names (and listed ones) are served", () => {
  for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "127.0.0.2"])
    assert.equal(checkHost(host, LOOPBACK), null, host);
  assert.match(
    checkHost("evil.example:3000", LOOPBACK)!,
    /^Host "evil\.example:3000" is not this Weir server's \(it listens on 127\.0\.0\.1\)/,
  );
  assert.equal(checkHost("weir.test:3000", { ...LOOPBACK, allowedHosts: ["weir.test"] }), null);
  assert.match(checkHost(undefined, LOOPBACK)!, /names no Host/);
});

test("elsewhere any Host is served unless allowedHosts lists the names", () => {
  assert.equal(checkHost("weir.internal:3000", { listenHost: "0.0.0.0" }), null);
  const listed = { listenHost: "0.0.0.0", allowedHosts: ["weir.internal"] };
  assert.equal(checkHost("weir.internal:3000", listed), null);
  assert.equal(checkHost("localhost:3000", listed), null);
  assert.notEqual(checkHost("other.example", listed), null);
});

test("an Origin must be the server's own or a listed one; none at all is a non-browser client", () => {
  assert.equal(checkOrigin(undefined, "127.0.0.1:3000", LOOPBACK), null);
  assert.equal(checkOrigin("http://127.0.0.1:3000", "127.0.0.1:3000", LOOPBACK), null);
  assert.notEqual(checkOrigin("http://127.0.0.1:3001", "127.0.0.1:3000", LOOPBACK), null, "another port is another origin");
  assert.notEqual(checkOrigin("null", "127.0.0.1:3000", LOOPBACK), null, "a sandboxed page's opaque origin");
  assert.equal(
    checkOrigin("https://dash.example.com", "127.0.0.1:3000", { ...LOOPBACK, allowedOrigins: ["https://dash.example.com"] }),
    null,
  );
});

test("a POST must be JSON and carry x-weir-request", () => {
  const post = (headers: Record<string, string>) => checkPost(new Headers(headers));
  assert.equal(post({ "content-type": "application/json; charset=utf-8", "x-weir-request": "1" }), null);
  assert.equal(post({ "content-type": "application/graphql-response+json", "x-weir-request": "1" }), null);
  assert.equal(post({ "content-type": "application/x-www-form-urlencoded", "x-weir-request": "1" })?.status, 415);
  assert.equal(post({ "x-weir-request": "1" })?.status, 415);
  assert.equal(post({ "content-type": "application/json" })?.status, 403);
});
