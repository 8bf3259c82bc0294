// `npm run dev` in a user's project: started in its own process group (npm, sh and weir), ready once Weir prints
// both listening lines, stopped with everything it started.
import { type ChildProcess, spawn } from "node:child_process";
import { userEnvironment } from "./commands.ts";

export interface RunningWeirDev {
  apiUrl: string;
  webUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startProjectDev(projectDir: string, script = "dev", timeoutMs = 120_000): Promise<RunningWeirDev> {
  const child: ChildProcess = spawn("npm", ["run", script, "--", "--port", "0", "--web-port", "0"], {
    cwd: projectDir,
    env: userEnvironment(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const output = () => `${stdout}\n${stderr}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, "SIGINT");
    const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const urls = await new Promise<{ apiUrl: string; webUrl: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`weir dev did not listen within ${timeoutMs} ms:\n${output()}`)),
        timeoutMs,
      );
      child.once("exit", (code) => reject(new Error(`weir dev exited ${code} before listening:\n${output()}`)));
      child.stdout!.on("data", (chunk) => {
        stdout += chunk;
        const api = /weir api listening on (\S+)/.exec(stdout);
        const web = /weir web listening on (\S+)/.exec(stdout);
        if (api && web) {
          clearTimeout(timer);
          resolve({ apiUrl: api[1]!, webUrl: web[1]! });
        }
      });
    });
    return { ...urls, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
