// Starts `weir dev` as a user would (a child process on free ports, a throwaway instance, the quickstart
// plus the web test location) and reads the API and web URLs from its listening lines.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const WEIR_BIN = join(REPO, "server", "bin", "weir.js");
export const QUICKSTART = join(REPO, "examples", "quickstart", "definitions.ts");
export const WEB_FIXTURE = join(REPO, "web", "test", "fixtures", "definitions.ts");

export interface WeirDev {
  apiUrl: string;
  webUrl: string;
  instanceDir: string;
  child: ChildProcess;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startWeirDev({
  definitions = [QUICKSTART, WEB_FIXTURE],
  instanceDir,
}: {
  definitions?: string[];
  instanceDir?: string;
} = {}): Promise<WeirDev> {
  const dir = instanceDir ?? mkdtempSync(join(tmpdir(), "weir-web-test-"));
  const args = [
    WEIR_BIN,
    "dev",
    ...definitions.flatMap((d) => ["--definitions", d]),
    "--instance",
    dir,
    "--port",
    "0",
    "--web-port",
    "0",
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, WEIR_LOG_LEVEL: "warn", WEIR_WEB_TEST_STATE: join(dir, "fixture-state") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  const urls = await new Promise<{ apiUrl: string; webUrl: string }>((resolve, reject) => {
    let apiUrl = "";
    lines.on("line", (line) => {
      const api = /^weir api listening on (http:\/\/\S+)$/.exec(line);
      if (api) apiUrl = api[1]!;
      const web = /^weir web listening on (http:\/\/\S+)$/.exec(line);
      if (web) resolve({ apiUrl, webUrl: web[1]! });
    });
    child.once("exit", (code) => reject(new Error(`weir dev exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    ...urls,
    instanceDir: dir,
    child,
    async gql(query, variables) {
      const response = await fetch(urls.apiUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-weir-request": "test" },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: never; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
      return body.data;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      if (!instanceDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
