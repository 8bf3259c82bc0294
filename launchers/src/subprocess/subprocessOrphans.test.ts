// A server killed with SIGKILL cannot stop its subprocess workers: each worker notices that its parent
// is gone (worker/parentWatch.ts) and exits, running steps or not, and so does a waiting spare.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../../test/fixtures/orphaningServer.ts", import.meta.url));

/** State and parent pid of a process from /proc, or undefined once it is gone. */
function processStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Running (a zombie nobody reaped has exited: it counts as gone). */
const running = (pid: number) => {
  const stat = processStat(pid);
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
};

function childrenOf(parent: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => processStat(pid)?.ppid === parent && running(pid));
}

async function poll<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("subprocess workers and the warm spare exit soon after their server is killed with SIGKILL", async () => {
  const server = spawn(process.execPath, ["--conditions=weir-source", "--import", "tsx", SERVER], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const leftovers: number[] = [];
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once("line", resolve);
      server.once("exit", (code) => reject(new Error(`the server fixture exited with ${code} before starting its workers`)));
    });
    const { workers } = JSON.parse(line) as { workers: number[] };
    assert.equal(workers.length, 2);
    // The two run workers and the spare the launcher prepares after a launch.
    const children = await poll(
      "the two workers and a spare",
      () => {
        const found = childrenOf(server.pid!);
        return found.length >= 3 ? found : undefined;
      },
      30_000,
    );
    for (const pid of workers) assert.ok(children.includes(pid), `worker ${pid} is a child of the server`);
    leftovers.push(...children);

    server.kill("SIGKILL");
    await poll(
      "every worker of the killed server to exit",
      () => (children.every((pid) => !running(pid)) ? true : undefined),
      15_000,
    );
  } finally {
    server.kill("SIGKILL");
    for (const pid of leftovers) if (running(pid)) process.kill(pid, "SIGKILL");
  }
});
