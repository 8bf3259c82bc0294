// Runs the `weir` CLI as a user would (a child process) and finds its API from the listening line.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const WEIR_BIN = fileURLToPath(new URL("../bin/weir.js", import.meta.url));

export interface WeirProcess {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code once the process ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startWeir(args: string[], env: NodeJS.ProcessEnv = {}): Promise<WeirProcess> {
  const child = spawn(process.execPath, [WEIR_BIN, ...args], {
    env: { ...process.env, WEIR_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      const match = /^weir api listening on (http:\/\/\S+)$/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`weir ${args.join(" ")} exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    async stop(signal = "SIGINT") {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, "exit");
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}

export async function gqlAt<T = any>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-weir-request": "test" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}
