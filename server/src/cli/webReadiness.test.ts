// waitForWebUi against a real HTTP server on loopback that behaves like the UI's server: a 503 "building"
// page until the build settles, then the index page (or, when the build failed, the 503 page for good).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, describe, it } from "node:test";
import { pino } from "pino";
import { waitFor } from "../daemon/daemonTestHarness.ts";
import { waitForWebUi } from "./webReadiness.ts";

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

function capturingLogger() {
  const records: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      records.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), records };
}

/** A UI server whose state the test moves; counts the GETs of its index page per state. */
async function fakeUi(initial: "building" | "ready" | "failed") {
  let state = initial;
  const gets: string[] = [];
  const server = createServer((req, res) => {
    if (req.url !== "/") return res.writeHead(404).end();
    gets.push(state);
    if (state === "ready") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html>the UI</html>");
    res.writeHead(503, { "content-type": "text/html; charset=utf-8" }).end("<h1>Building the Weir UI…</h1>");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    gets,
    set: (next: typeof state) => (state = next),
  };
}

describe("waitForWebUi", () => {
  it("answers at once when the UI is built", async () => {
    const ui = await fakeUi("ready");
    const { log, records } = capturingLogger();
    assert.equal(await waitForWebUi({ url: ui.url, ready: Promise.resolve() }, log), true);
    assert.deepEqual(ui.gets, ["ready"]);
    assert.deepEqual(records, []);
  });

  it("while the UI builds, says so and waits for the index page", async () => {
    const ui = await fakeUi("building");
    const { log, records } = capturingLogger();
    let finishBuild!: () => void;
    const ready = new Promise<void>((resolve) => (finishBuild = resolve));
    const waiting = waitForWebUi({ url: ui.url, ready }, log);
    await waitFor("the building line", async () => records.length > 0);
    assert.match(records[0]!.msg, /^the web UI is building: its address is printed once it answers/);
    ui.set("ready");
    finishBuild();
    assert.equal(await waiting, true);
    assert.deepEqual(ui.gets, ["building", "ready"]);
  });

  it("when the build fails, logs why and gives up (the API keeps serving)", async () => {
    const ui = await fakeUi("building");
    const { log, records } = capturingLogger();
    ui.set("failed");
    assert.equal(await waitForWebUi({ url: ui.url, ready: Promise.resolve() }, log), false);
    const error = records.find((r) => r.level === 50);
    assert.equal(
      error?.msg,
      `the web UI does not answer at ${ui.url} (HTTP 503 text/html; charset=utf-8); the API keeps serving`,
    );
  });

  it("stays quiet when the process is shutting down meanwhile", async () => {
    const ui = await fakeUi("building");
    const { log, records } = capturingLogger();
    assert.equal(await waitForWebUi({ url: ui.url, ready: Promise.resolve() }, log, () => true), false);
    assert.ok(!records.some((r) => r.level >= 50));
  });
});
