// A real Weir instance and API on a free loopback port for the client, CLI and script tests, with auth
// on or off, on PGlite or a fresh PostgreSQL database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import {
  createApiToken,
  startApiServer,
  startWeirInstance,
  weirConfigSchema,
  type ApiServer,
  type WeirInstance,
} from "@weir/server";

export const FIXTURE_LOCATION = fileURLToPath(new URL("./fixtures/definitions.ts", import.meta.url));

export interface TestServer {
  url: string;
  instance: WeirInstance;
  api: ApiServer;
  instanceDir: string;
  /** Creates a token directly in the store (no API call). */
  token(role: "VIEWER" | "OPERATOR" | "ADMIN", name?: string): Promise<string>;
  /** Destroys every open websocket: what a network drop looks like to the client. */
  dropWebSockets(): number;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { auth?: boolean; databaseUrl?: string | null; locations?: string[] } = {},
): Promise<TestServer> {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-client-test-"));
  const config = weirConfigSchema.parse({
    instanceDir,
    databaseUrl: options.databaseUrl ?? null,
    port: 0,
    locations: (options.locations ?? [FIXTURE_LOCATION]).map((file) => ({ file })),
  });
  const instance = await startWeirInstance(config, { log: pino({ level: process.env.WEIR_TEST_LOG_LEVEL ?? "silent" }) });
  const api = await startApiServer(instance, {
    port: 0,
    auth: { enabled: options.auth ?? false, adminTokenHash: null, insecure: false },
  });
  const sockets = new Set<Socket>();
  api.server.on("upgrade", (_req, socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return {
    url: api.url,
    instance,
    api,
    instanceDir,
    async token(role, name = role.toLowerCase()) {
      return (await createApiToken(instance.store, { name, role })).token;
    },
    dropWebSockets() {
      const n = sockets.size;
      for (const socket of sockets) socket.destroy();
      return n;
    },
    async close() {
      await api.close();
      await instance.close({ graceMs: 5000 });
      rmSync(instanceDir, { recursive: true, force: true });
    },
  };
}
