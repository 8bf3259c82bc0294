// Other web sites cannot drive a Weir API whose auth is off (`weir dev` on loopback): real HTTP and
// websockets on loopback against a real API (and the web UI's /graphql proxy), counting runs to show
// that nothing refused was launched.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { startWebServer, type WebServer } from "@weir/ui-server";
import { startApiServer, type ApiServer } from "../src/http/apiServer.ts";
import { startTestApi, type TestApi } from "./apiHarness.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/api/definitions.ts", import.meta.url));
const LAUNCH = `mutation { launchRun(input: { job: "noop" }) { __typename } }`;
const EVIL = "http://evil.example";

/** A raw HTTP request (fetch may not set Host), resolving with the status and body. */
function rawRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Opens a websocket speaking graphql-ws; resolves "open", or "refused <status>: <body>". */
function upgrade(url: string, headers: Record<string, string> = {}, origin?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, "graphql-transport-ws", { headers, ...(origin ? { origin } : {}) });
    socket.on("open", () => {
      socket.close();
      resolve("open");
    });
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve(`refused ${res.statusCode}: ${body}`));
    });
    socket.on("error", (error) => resolve(`error: ${error.message}`));
  });
}

describe("cross-site requests to an API with auth off", () => {
  let api: TestApi;
  let url: string;
  let origin: string;
  const runCount = async () =>
    ((await api.gql(`{ runs(first: 1000) { edges { node { id } } } }`)).data.runs.edges as unknown[]).length;

  before(async () => {
    api = await startTestApi({ locations: [LOCATION] });
    url = api.api.url;
    origin = new URL(url).origin;
  });
  after(() => api?.close());

  test("form-encoded, multipart and text/plain POSTs are refused with 415 and launch nothing", async () => {
    const before = await runCount();
    const form = await fetch(url, { method: "POST", body: new URLSearchParams({ query: LAUNCH }) });
    assert.equal(form.status, 415);
    assert.match(
      (await form.json()).errors[0].message,
      /only application\/json request bodies \(got application\/x-www-form-urlencoded\)/,
    );

    const multipart = new FormData();
    multipart.set("operations", JSON.stringify({ query: LAUNCH }));
    multipart.set("map", "{}");
    const parts = await fetch(url, { method: "POST", body: multipart, headers: { "x-weir-request": "1" } });
    assert.equal(parts.status, 415);
    assert.match((await parts.json()).errors[0].message, /got multipart\/form-data/);

    const text = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: LAUNCH }),
    });
    assert.equal(text.status, 415);
    assert.equal(await runCount(), before, "no run was launched");
  });

  test("a JSON POST without x-weir-request, or from another origin, is refused and launches nothing", async () => {
    const before = await runCount();
    const body = JSON.stringify({ query: LAUNCH });
    const noHeader = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    assert.equal(noHeader.status, 403);
    assert.match((await noHeader.json()).errors[0].message, /needs the header x-weir-request/);

    const crossOrigin = await rawRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", origin: EVIL },
      body,
    });
    assert.equal(crossOrigin.status, 403);
    assert.match(JSON.parse(crossOrigin.body).errors[0].message, /cross-origin request from http:\/\/evil\.example refused/);
    assert.equal(crossOrigin.headers["access-control-allow-origin"], undefined, "no CORS grant to a foreign origin");

    const crossWithHeader = await rawRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-weir-request": "1", origin: EVIL },
      body,
    });
    assert.equal(crossWithHeader.status, 403);

    // DNS rebinding: a foreign name resolved to 127.0.0.1 makes the page "same-origin"; its Host gives it away.
    const rebound = await rawRequest(url, {
      method: "POST",
      headers: {
        host: "evil.example:80",
        origin: "http://evil.example:80",
        "content-type": "application/json",
        "x-weir-request": "1",
      },
      body,
    });
    assert.equal(rebound.status, 403);
    assert.match(JSON.parse(rebound.body).errors[0].message, /Host "evil\.example:80" is not this Weir server's/);
    assert.equal(await runCount(), before, "no run was launched");

    // The API's own pages (GraphiQL) and non-browser clients with the header are served.
    const sameOrigin = await rawRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-weir-request": "graphiql", origin },
      body,
    });
    assert.equal(JSON.parse(sameOrigin.body).data.launchRun.__typename, "LaunchRunSuccess");
    assert.equal(await runCount(), before + 1);
  });

  test("a preflight from a foreign origin gets no CORS grant; a configured origin gets one", async () => {
    const preflight = (target: string, from: string) =>
      rawRequest(target, {
        method: "OPTIONS",
        headers: {
          origin: from,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,x-weir-request",
        },
      });
    const foreign = await preflight(url, EVIL);
    assert.equal(foreign.headers["access-control-allow-origin"], undefined);
    assert.equal(foreign.headers["access-control-allow-credentials"], undefined);

    let allowing: ApiServer | undefined;
    try {
      allowing = await startApiServer(api.instance, { port: 0, allowedOrigins: ["https://dash.example.com"] });
      const allowed = await preflight(allowing.url, "https://dash.example.com");
      assert.equal(allowed.headers["access-control-allow-origin"], "https://dash.example.com");
      assert.equal(allowed.headers["access-control-allow-credentials"], "true");
      assert.match(String(allowed.headers["access-control-allow-headers"]), /x-weir-request/);
      assert.equal((await preflight(allowing.url, EVIL)).headers["access-control-allow-origin"], undefined);
    } finally {
      await allowing?.close();
    }
  });

  test("a websocket upgrade from a foreign Origin or Host is refused; the API's own origin and non-browser clients connect", async () => {
    assert.match(
      await upgrade(api.api.wsUrl, {}, EVIL),
      /^refused 403: cross-origin request from http:\/\/evil\.example refused/,
    );
    assert.match(
      await upgrade(api.api.wsUrl, { host: "evil.example" }),
      /^refused 403: Host "evil\.example" is not this Weir server's/,
    );
    assert.equal(await upgrade(api.api.wsUrl, {}, origin), "open");
    assert.equal(await upgrade(api.api.wsUrl), "open");
  });

  describe("through the web UI's /graphql proxy", () => {
    let web: WebServer;
    before(async () => {
      web = await startWebServer({ apiUrl: url, port: 0, build: false });
    });
    after(() => web?.close());

    test("the UI's own pages are forwarded; another origin, or a rebound Host, is refused", async () => {
      const before = await runCount();
      const proxied = `${web.url}/graphql`;
      const body = JSON.stringify({ query: LAUNCH });
      const own = await rawRequest(proxied, {
        method: "POST",
        headers: { "content-type": "application/json", "x-weir-request": "weir-web", origin: web.url },
        body,
      });
      assert.equal(JSON.parse(own.body).data.launchRun.__typename, "LaunchRunSuccess");
      const foreign = await rawRequest(proxied, {
        method: "POST",
        headers: { "content-type": "application/json", "x-weir-request": "1", origin: EVIL },
        body,
      });
      assert.equal(foreign.status, 403);
      assert.match(JSON.parse(foreign.body).errors[0].message, /cross-origin request from http:\/\/evil\.example refused/);
      const noHeader = await rawRequest(proxied, {
        method: "POST",
        headers: { "content-type": "application/json", origin: web.url },
        body,
      });
      assert.equal(noHeader.status, 403, "the API's own checks still apply behind the proxy");
      const rebound = await rawRequest(proxied, {
        method: "POST",
        headers: { host: "evil.example", "content-type": "application/json", "x-weir-request": "1" },
        body,
      });
      assert.equal(rebound.status, 403);
      assert.equal(await runCount(), before + 1, "only the UI's own request launched a run");

      const wsUrl = proxied.replace("http://", "ws://");
      assert.equal(await upgrade(wsUrl, {}, web.url), "open");
      assert.match(await upgrade(wsUrl, {}, EVIL), /^refused 403: cross-origin request from http:\/\/evil\.example refused/);
    });
  });
});
