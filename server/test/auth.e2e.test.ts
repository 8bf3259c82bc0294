// API auth end to end, on PGlite and PostgreSQL: each role against each class of mutation, revoked
// tokens, websockets without a token, the bootstrap admin token, refusing an open non-loopback API,
// and no token in any log line of a real `weir server`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createClient } from "graphql-ws";
import { pino } from "pino";
import WebSocket from "ws";
import { createApiToken, hashToken } from "../src/auth/apiTokens.ts";
import { isLoopbackHost, resolveAuthSettings } from "../src/auth/authSettings.ts";
import { weirConfigSchema } from "../src/config/weirConfig.ts";
import { startApiServer, type ApiServer } from "../src/http/apiServer.ts";
import { startWeirInstance, type WeirInstance } from "../src/instance/weirInstance.ts";
import { createTestDatabaseUrl, dropTestDatabases, forEachDatabase } from "./databases.ts";
import { WEIR_BIN, startWeir } from "./weirProcess.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/api/definitions.ts", import.meta.url));
const PINNED_LOCATION = fileURLToPath(new URL("./fixtures/api/pinnedJobs.ts", import.meta.url));
const ZERO_ID = "00000000-0000-4000-8000-000000000000";

after(dropTestDatabases);

type Role = "VIEWER" | "OPERATOR" | "ADMIN";

/** One mutation per class of operation, and which role it needs. */
const MUTATIONS: { name: string; needs: Role; query: string }[] = [
  {
    name: "launchRun",
    needs: "OPERATOR",
    query: `mutation { launchRun(input: { job: "noop" }) { __typename ... on Error { message } } }`,
  },
  {
    name: "materializeAssets",
    needs: "OPERATOR",
    query: `mutation { materializeAssets(input: { keys: ["source"] }) { __typename ... on Error { message } } }`,
  },
  {
    name: "terminateRun",
    needs: "OPERATOR",
    query: `mutation { terminateRun(id: "${ZERO_ID}") { __typename ... on Error { message } } }`,
  },
  {
    name: "reexecuteRun",
    needs: "OPERATOR",
    query: `mutation { reexecuteRun(id: "${ZERO_ID}", strategy: FROM_FAILURE) { __typename ... on Error { message } } }`,
  },
  {
    name: "startSchedule",
    needs: "OPERATOR",
    query: `mutation { startSchedule(name: "nope") { __typename ... on Error { message } } }`,
  },
  {
    name: "stopSensor",
    needs: "OPERATOR",
    query: `mutation { stopSensor(name: "nope") { __typename ... on Error { message } } }`,
  },
  {
    name: "setSensorCursor",
    needs: "OPERATOR",
    query: `mutation { setSensorCursor(name: "nope", cursor: "c") { __typename ... on Error { message } } }`,
  },
  {
    name: "reloadCodeLocation",
    needs: "OPERATOR",
    query: `mutation { reloadCodeLocation(name: "nope") { __typename ... on Error { message } } }`,
  },
  {
    name: "deleteRun",
    needs: "ADMIN",
    query: `mutation { deleteRun(id: "${ZERO_ID}") { __typename ... on Error { message } } }`,
  },
  {
    name: "createApiToken",
    needs: "ADMIN",
    query: `mutation { createApiToken(input: { name: "x", role: VIEWER }) { __typename ... on Error { message } } }`,
  },
  {
    name: "revokeApiToken",
    needs: "ADMIN",
    query: `mutation { revokeApiToken(id: "${ZERO_ID}") { __typename ... on Error { message } } }`,
  },
];
const QUERIES: { name: string; needs: Role; query: string }[] = [
  { name: "runs", needs: "VIEWER", query: `{ runs(first: 1) { edges { node { id } } } }` },
  { name: "codeLocations", needs: "VIEWER", query: `{ codeLocations { name } }` },
  { name: "apiTokens", needs: "ADMIN", query: `{ apiTokens { id } }` },
];
const RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

async function gql(
  url: string,
  query: string,
  token?: string,
): Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-weir-request": "test",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as never;
}

function subscribeOnce(wsUrl: string, connectionParams: Record<string, unknown>): Promise<string> {
  let accepted: (outcome: string) => void = () => {};
  const outcome = new Promise<string>((resolve) => (accepted = resolve));
  // The server checks the token before it acknowledges the connection: the acknowledgement means accepted.
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams,
    on: { connected: () => accepted("open") },
  });
  client.subscribe(
    { query: `subscription { runStatusChanged { runId } }` },
    {
      next: (r) => accepted(r.errors ? `errors: ${r.errors[0]?.message}` : "open"),
      error: (e) => accepted(`closed ${(e as { code?: number }).code ?? String(e)}`),
      complete: () => accepted("complete"),
    },
  );
  return outcome.finally(() => client.dispose());
}

forEachDatabase("API auth", (kind) => {
  let instance: WeirInstance;
  let api: ApiServer;
  let instanceDir: string;
  const tokens = {} as Record<Role, string>;
  const bootstrap = "weir_bootstrap-admin-token-for-tests";

  before(async () => {
    instanceDir = mkdtempSync(join(tmpdir(), "weir-auth-test-"));
    const databaseUrl = kind === "postgres" ? await createTestDatabaseUrl() : null;
    instance = await startWeirInstance(
      weirConfigSchema.parse({ instanceDir, databaseUrl, locations: [{ file: LOCATION }, { file: PINNED_LOCATION }] }),
      { log: pino({ level: "silent" }) },
    );
    api = await startApiServer(instance, {
      port: 0,
      auth: { enabled: true, adminTokenHash: hashToken(bootstrap), insecure: false },
    });
    for (const role of ["VIEWER", "OPERATOR", "ADMIN"] as const)
      tokens[role] = (await createApiToken(instance.store, { name: role, role })).token;
  });
  after(async () => {
    await api?.close();
    await instance?.close({ graceMs: 2000 });
    rmSync(instanceDir, { recursive: true, force: true });
  });

  test("each role against each mutation: allowed, or UnauthorizedError in the result union", async () => {
    for (const role of [null, "VIEWER", "OPERATOR", "ADMIN"] as const) {
      for (const m of MUTATIONS) {
        const result = await gql(api.url, m.query, role ? tokens[role] : undefined);
        assert.equal(result.errors, undefined, `${m.name} as ${role}: ${JSON.stringify(result.errors)}`);
        const typename = result.data[m.name].__typename;
        const allowed = role !== null && RANK[role] >= RANK[m.needs];
        if (allowed) assert.notEqual(typename, "UnauthorizedError", `${role} may ${m.name}`);
        else assert.equal(typename, "UnauthorizedError", `${role ?? "no token"} may not ${m.name}`);
      }
    }
  });

  test("each role against the queries: data, or a GraphQL error with code UNAUTHORIZED", async () => {
    for (const role of [null, "VIEWER", "OPERATOR", "ADMIN"] as const) {
      for (const q of QUERIES) {
        const result = await gql(api.url, q.query, role ? tokens[role] : undefined);
        const allowed = role !== null && RANK[role] >= RANK[q.needs];
        if (allowed) assert.equal(result.errors, undefined, `${role} may read ${q.name}`);
        else assert.equal(result.errors?.[0]?.extensions?.code, "UNAUTHORIZED", `${role ?? "no token"} may not read ${q.name}`);
      }
    }
  });

  test("a revoked token is refused from the next request on", async () => {
    const { token, record } = await createApiToken(instance.store, { name: "short-lived", role: "OPERATOR" });
    const launch = MUTATIONS[0]!.query;
    assert.equal((await gql(api.url, launch, token)).data.launchRun.__typename, "LaunchRunSuccess");
    const revoked = await gql(
      api.url,
      `mutation { revokeApiToken(id: "${record.id}") { __typename ... on RevokeApiTokenSuccess { apiToken { revokedAt } } } }`,
      tokens.ADMIN,
    );
    assert.notEqual(revoked.data.revokeApiToken.apiToken.revokedAt, null);
    const refused = await gql(
      api.url,
      `mutation { launchRun(input: { job: "noop" }) { __typename ... on Error { message } } }`,
      token,
    );
    assert.equal(refused.data.launchRun.__typename, "UnauthorizedError");
    assert.match(refused.data.launchRun.message, /revoked/);
    assert.equal((await gql(api.url, QUERIES[0]!.query, token)).errors?.[0]?.extensions?.code, "UNAUTHORIZED");
  });

  test("the bootstrap admin token (WEIR_ADMIN_TOKEN) is an admin", async () => {
    const result = await gql(
      api.url,
      `mutation { createApiToken(input: { name: "from-bootstrap", role: VIEWER }) { __typename ... on CreateApiTokenSuccess { token } } }`,
      bootstrap,
    );
    assert.equal(result.data.createApiToken.__typename, "CreateApiTokenSuccess");
  });

  test("websockets: refused without a valid token, accepted with one in the connection params", async () => {
    const wsUrl = api.url.replace("http://", "ws://");
    assert.equal(await subscribeOnce(wsUrl, {}), "closed 4403");
    assert.equal(await subscribeOnce(wsUrl, { authorization: "Bearer weir_not-a-real-token" }), "closed 4403");
    assert.equal(await subscribeOnce(wsUrl, { authorization: `Bearer ${tokens.VIEWER}` }), "open");
    assert.equal(await subscribeOnce(wsUrl, { token: tokens.VIEWER }), "open");
  });

  test("reserved weir/* tags: refused to non-admins with the tag named, nothing launched; the job's win", async () => {
    const runCount = async () =>
      (await gql(api.url, `{ runs(first: 1000) { edges { node { id } } } }`, tokens.ADMIN)).data.runs.edges.length as number;
    const launch = (job: string, tags: Record<string, string>, token: string) =>
      gql(
        api.url,
        `mutation { launchRun(input: { job: "${job}", tags: [${Object.entries(tags)
          .map(([k, v]) => `{ key: "${k}", value: "${v}" }`)
          .join(", ")}] }) {
          __typename ... on Error { message } ... on UnauthorizedError { requiredRole } ... on LaunchRunSuccess { run { tags { key value } } } } }`,
        token,
      );
    const before = await runCount();
    const image = await launch("noop", { "weir/docker/image": "evil.example/miner:latest", team: "data" }, tokens.OPERATOR);
    assert.equal(image.data.launchRun.__typename, "UnauthorizedError");
    assert.equal(image.data.launchRun.requiredRole, "admin");
    assert.match(
      image.data.launchRun.message,
      /^tag "weir\/docker\/image" is reserved: weir\/\* tags choose how Weir runs the run .* job definition or an admin$/,
    );
    const materialize = await gql(
      api.url,
      `mutation { materializeAssets(input: { keys: ["source"], tags: [{ key: "weir/docker/network", value: "host" }] }) { __typename ... on Error { message } } }`,
      tokens.OPERATOR,
    );
    assert.equal(materialize.data.materializeAssets.__typename, "UnauthorizedError");
    assert.match(materialize.data.materializeAssets.message, /tag "weir\/docker\/network" is reserved/);
    assert.equal(await runCount(), before, "nothing was launched");

    // Other tags stay the operator's to set; an admin may set reserved ones.
    assert.equal((await launch("noop", { team: "data" }, tokens.OPERATOR)).data.launchRun.__typename, "LaunchRunSuccess");
    const byAdmin = await launch("noop", { "weir/docker/memory": "256m" }, tokens.ADMIN);
    assert.deepEqual(byAdmin.data.launchRun.run.tags, [{ key: "weir/docker/memory", value: "256m" }]);

    // The job definition's reserved tags win over the caller's, even an admin's; its other tags do not.
    const pinned = await launch("pinned", { "weir/docker/network": "host", owner: "me" }, tokens.ADMIN);
    const tags = Object.fromEntries(pinned.data.launchRun.run.tags.map((t: { key: string; value: string }) => [t.key, t.value]));
    assert.deepEqual(tags, { "weir/docker/network": "none", owner: "me" });
  });

  test("revoking a token closes the websockets it opened, ending their subscriptions with 4403", async () => {
    const { token, record } = await createApiToken(instance.store, { name: "watcher", role: "VIEWER" });
    const launched = await gql(
      api.url,
      `mutation { launchRun(input: { job: "slow" }) { ... on LaunchRunSuccess { run { id } } } }`,
      tokens.OPERATOR,
    );
    const runId = launched.data.launchRun.run.id as string;
    const client = createClient({
      url: api.url.replace("http://", "ws://"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: { token },
    });
    try {
      let received = 0;
      let firstMessage!: () => void;
      const live = new Promise<void>((resolve) => (firstMessage = resolve));
      const ended = new Promise<{ how: string; code?: number; reason?: string }>((resolve) => {
        client.subscribe(
          { query: `subscription($runId: ID!) { runEvents(runId: $runId, after: 0) { cursor } }`, variables: { runId } },
          {
            next: () => {
              received++;
              firstMessage();
            },
            error: (e) =>
              resolve({ how: "error", code: (e as { code?: number }).code, reason: (e as { reason?: string }).reason }),
            complete: () => resolve({ how: "complete" }),
          },
        );
      });
      await live;
      assert.ok(received >= 1, "the subscription delivered the run's stored events");
      const revoked = await gql(api.url, `mutation { revokeApiToken(id: "${record.id}") { __typename } }`, tokens.ADMIN);
      assert.equal(revoked.data.revokeApiToken.__typename, "RevokeApiTokenSuccess");
      // A deadline, not a wait: the run never ends by itself, so a socket left open stays open.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<{ how: string }>(
        (resolve) => (timer = setTimeout(() => resolve({ how: "still open after 20 s" }), 20_000)),
      );
      const outcome = await Promise.race([ended, deadline]).finally(() => clearTimeout(timer));
      assert.deepEqual(outcome, { how: "error", code: 4403, reason: "Forbidden: the API token was revoked" });
    } finally {
      await client.dispose();
      await gql(api.url, `mutation { terminateRun(id: "${runId}") { __typename } }`, tokens.OPERATOR);
    }
  });
});

describe("auth settings", () => {
  test("off by default only for `weir dev` on a loopback address", () => {
    assert.equal(resolveAuthSettings("dev", "127.0.0.1", {}, {}).enabled, false);
    assert.equal(resolveAuthSettings("dev", "localhost", {}, {}).enabled, false);
    assert.equal(resolveAuthSettings("server", "127.0.0.1", {}, {}).enabled, true);
    assert.equal(resolveAuthSettings("dev", "0.0.0.0", {}, {}).enabled, true);
    assert.equal(resolveAuthSettings("dev", "127.0.0.1", { auth: "on" }, {}).enabled, true);
    assert.throws(
      () => resolveAuthSettings("server", "0.0.0.0", { auth: "off" }, {}),
      /refusing to serve the API on 0\.0\.0\.0 without authentication.*--insecure/,
    );
    assert.equal(resolveAuthSettings("server", "0.0.0.0", { insecure: true }, {}).enabled, false);
    assert.ok(isLoopbackHost("::1") && isLoopbackHost("127.0.0.2") && !isLoopbackHost("10.0.0.1") && !isLoopbackHost("::"));
  });
});

describe("weir server with auth (spawned)", () => {
  test("refuses an open API on a non-loopback address unless --insecure, and says so", () => {
    const dir = mkdtempSync(join(tmpdir(), "weir-insecure-"));
    try {
      const r = spawnSync(
        process.execPath,
        [WEIR_BIN, "server", "--host", "0.0.0.0", "--port", "0", "--auth", "off", "--instance", dir],
        { encoding: "utf8", timeout: 60_000 },
      );
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /weir: refusing to serve the API on 0\.0\.0\.0 without authentication.*--insecure/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("first admin token from the store, tokens through the CLI, and no token in any log line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "weir-auth-cli-"));
    const weir = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [WEIR_BIN, ...args], {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, WEIR_URL: "", WEIR_TOKEN: "", ...env },
      });
    const secrets: string[] = [];
    let server;
    try {
      const created = weir(["tokens", "create", "first-admin", "--admin", "--instance", dir]);
      assert.equal(created.status, 0, created.stderr);
      const admin = created.stdout.trim();
      assert.match(admin, /^weir_[A-Za-z0-9_-]{43}$/);
      secrets.push(admin);

      server = await startWeir(["server", "--instance", dir, "--port", "0", "--definitions", LOCATION], {
        WEIR_LOG_LEVEL: "debug",
      });
      const env = { WEIR_URL: server.url };
      const anonymous = weir(["runs", "list"], env);
      assert.equal(anonymous.status, 1);
      assert.match(anonymous.stderr, /^weir: authentication required/);

      const viewer = weir(["tokens", "create", "dashboards", "--role", "viewer", "--json", "--token", admin], env);
      assert.equal(viewer.status, 0, viewer.stderr);
      const viewerToken = JSON.parse(viewer.stdout).token as string;
      secrets.push(viewerToken);
      assert.equal(weir(["runs", "list", "--json"], { ...env, WEIR_TOKEN: viewerToken }).status, 0);
      const denied = weir(["runs", "launch", "noop"], { ...env, WEIR_TOKEN: viewerToken });
      assert.equal(denied.status, 1);
      assert.match(denied.stderr, /operator role/);

      const list = weir(["tokens", "list"], { ...env, WEIR_TOKEN: admin });
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, /first-admin\s+admin/);
      assert.ok(!secrets.some((s) => list.stdout.includes(s)), "token list shows no secret");
      const id = /^(\S+)\s+dashboards/m.exec(list.stdout)![1]!;
      assert.equal(weir(["tokens", "revoke", id], { ...env, WEIR_TOKEN: admin }).status, 0);
      const revoked = weir(["runs", "list"], { ...env, WEIR_TOKEN: viewerToken });
      assert.equal(revoked.status, 1);
      assert.match(revoked.stderr, /revoked/);
      // A launch and a followed log over the websocket, with a token in the connection params.
      const launched = weir(["runs", "launch", "noop", "--wait", "--token", admin], env);
      assert.equal(launched.status, 0, launched.stderr);
      const bad = weir(["runs", "list", "--token", "weir_definitely-wrong-token-value"], env);
      assert.equal(bad.status, 1);
      secrets.push("weir_definitely-wrong-token-value");
    } finally {
      await server?.stop("SIGINT");
      rmSync(dir, { recursive: true, force: true });
    }
    const log = server!.stderr();
    assert.ok(log.length > 0, "the server logged something at debug level");
    for (const secret of secrets)
      assert.ok(!log.includes(secret) && !log.includes(secret.slice(5)), "no token in the server's log");
    assert.ok(!/Bearer\s+weir_/.test(log), "no Authorization header value in the log");
  });
});
