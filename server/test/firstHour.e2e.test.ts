// A new user's first hour with `weir dev`, through the real CLI (a child process): readable logs on request
// and JSON otherwise, the UI's address printed only once the UI answers, and one line that says what to do
// for each mistake a beginner makes (no definitions file, no default export, a port in use, an instance
// held by another process).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { waitFor } from "../src/daemon/daemonTestHarness.ts";
import { gqlAt, WEIR_BIN } from "./weirProcess.ts";

const LOCATION = fileURLToPath(new URL("./fixtures/api/definitions.ts", import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `weir-first-hour-${prefix}-`));
  dirs.push(dir);
  return dir;
}

interface Weir {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code once the process has ended; fails (killing it) if it still runs after timeoutMs. */
  exitCode(timeoutMs?: number): Promise<number | null>;
  /** The first stdout line matching `pattern`, once printed (rejects if the process ends first). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<number | null>;
}

/** Spawns `weir ARGS` as a user would, in `cwd`, with pipes (not a terminal) for stdout and stderr. */
function spawnWeir(args: string[], { cwd = process.cwd(), env = {} }: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Weir {
  const child = spawn(process.execPath, [WEIR_BIN, ...args], {
    cwd,
    env: { ...process.env, WEIR_LOG_LEVEL: "warn", WEIR_LOG_FORMAT: "", WEIR_DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exitCode: async (timeoutMs = 120_000) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`weir ${args.join(" ")} still ran after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
    line: (pattern, timeoutMs = 120_000) =>
      waitFor(
        `a stdout line matching ${pattern}`,
        async () => {
          for (const line of stdout.split("\n")) {
            const match = pattern.exec(line);
            if (match) return match;
          }
          if (ended) throw new Error(`weir ${args.join(" ")} exited before printing ${pattern}:\n${stdout}\n${stderr}`);
          return undefined;
        },
        timeoutMs,
      ),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}

const API_LINE = /^weir api listening on (http:\/\/\S+)$/;
const WEB_LINE = /^weir web listening on (http:\/\/\S+)$/;

describe("log format", () => {
  test("--log-format pretty prints readable lines: time, level, message and context", async () => {
    const weir = spawnWeir(
      ["dev", "--definitions", LOCATION, "--instance", tempDir("pretty"), "--port", "0", "--log-format", "pretty"],
      { env: { WEIR_LOG_LEVEL: "info" } },
    );
    try {
      await weir.line(API_LINE);
      const line = await waitFor("the daemon's start line", async () =>
        weir
          .stderr()
          .split("\n")
          .find((l) => l.includes("daemon started")),
      );
      assert.match(line, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: daemon started: .* daemonId=\S+$/);
      assert.ok(
        !weir
          .stderr()
          .split("\n")
          .some((l) => l.startsWith("{")),
        `no JSON line:\n${weir.stderr()}`,
      );
    } finally {
      assert.equal(await weir.stop(), 0, weir.stderr());
    }
    assert.match(weir.stderr(), /^\[[\d:.]+\] INFO: stopped$/m, "the last line before exit is written too");
  });

  test("without a flag, off a terminal, every log line is a JSON object", async () => {
    const weir = spawnWeir(["dev", "--definitions", LOCATION, "--instance", tempDir("json"), "--port", "0"], {
      env: { WEIR_LOG_LEVEL: "info" },
    });
    try {
      await weir.line(API_LINE);
      await waitFor("the daemon's start line", async () => weir.stderr().includes("daemon started"));
    } finally {
      assert.equal(await weir.stop(), 0, weir.stderr());
    }
    const records = weir
      .stderr()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { level: number; msg: string; daemonId?: string });
    const started = records.find((r) => r.msg.startsWith("daemon started"));
    assert.equal(started?.level, 30, "info");
    assert.ok(started?.daemonId);
    assert.ok(records.some((r) => r.msg === "stopped"));
  });

  test("WEIR_LOG_FORMAT picks the format, and the flag wins over it", async () => {
    const pretty = spawnWeir(["server", "--definitions", LOCATION, "--log-format", "nope"], {
      env: { WEIR_LOG_FORMAT: "pretty" },
    });
    assert.equal(await pretty.exitCode(), 1);
    assert.equal(pretty.stderr(), 'weir: invalid Weir configuration in --log-format: expected pretty or json, got "nope"\n');
    const fromEnv = spawnWeir(["server", "--definitions", LOCATION], { env: { WEIR_LOG_FORMAT: "yaml" } });
    assert.equal(await fromEnv.exitCode(), 1);
    assert.match(fromEnv.stderr(), /^weir: invalid Weir configuration in WEIR_LOG_FORMAT: expected pretty or json, got "yaml"$/m);
  });
});

describe("the web UI's address", () => {
  test("weir dev prints it only once a GET of it returns the UI's index page", async () => {
    const weir = spawnWeir(["dev", "--definitions", LOCATION, "--instance", tempDir("web"), "--port", "0", "--web-port", "0"]);
    try {
      await weir.line(API_LINE);
      // On a checkout whose UI is stale this waits for the build (minutes on a busy machine).
      const [, webUrl] = await weir.line(WEB_LINE, 15 * 60_000);
      const response = await fetch(webUrl!);
      const body = await response.text();
      assert.equal(response.status, 200, body.slice(0, 300));
      assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
      assert.ok(!body.includes("Building the Weir UI"), "not the building page");
      assert.match(body, /\/_next\/static\//, "the UI's own page, with its scripts");
      const lines = weir.stdout().split("\n");
      assert.ok(
        lines.findIndex((l) => API_LINE.test(l)) < lines.findIndex((l) => WEB_LINE.test(l)),
        "the API's line comes first",
      );
    } finally {
      assert.equal(await weir.stop(), 0, weir.stderr());
    }
  });
});

describe("beginner errors", () => {
  test("no definitions file: one line saying to create definitions.ts or pass --definitions", async () => {
    const cwd = tempDir("empty");
    for (const command of ["dev", "server"]) {
      const weir = spawnWeir([command, "--port", "0"], { cwd });
      assert.equal(await weir.exitCode(), 1);
      assert.equal(
        weir.stderr(),
        `weir: no definitions file: create definitions.ts in ${cwd}, or pass --definitions FILE (or set locations in weir.config.ts)\n`,
      );
      assert.equal(weir.stdout(), "");
    }
    assert.ok(!existsSync(join(cwd, ".weir")), "no instance directory was created");
  });

  test("a definitions path that does not exist: which file, and from which directory", async () => {
    const cwd = tempDir("missing");
    const weir = spawnWeir(["dev", "--definitions", "pipelines/defs.ts", "--port", "0"], { cwd });
    assert.equal(await weir.exitCode(), 1);
    assert.equal(
      weir.stderr(),
      `weir: definitions file pipelines/defs.ts not found (from --definitions, in ${cwd}): fix the path, or create the file\n`,
    );
    writeFileSync(join(cwd, "weir.config.ts"), `export default { locations: [{ file: "defs.ts" }] };\n`);
    const fromConfig = spawnWeir(["server", "--port", "0"], { cwd });
    assert.equal(await fromConfig.exitCode(), 1);
    assert.equal(
      fromConfig.stderr(),
      `weir: definitions file defs.ts not found (from locations in weir.config.ts, in ${cwd}): fix the path, or create the file\n`,
    );
  });

  test("weir dev loads ./definitions.ts when no location is given", async () => {
    const cwd = tempDir("project");
    writeFileSync(join(cwd, "definitions.ts"), `export { default } from ${JSON.stringify(LOCATION)};\n`);
    const weir = spawnWeir(["dev", "--port", "0", "--instance", join(cwd, ".weir")], { cwd });
    try {
      const [, url] = await weir.line(API_LINE);
      const { codeLocations } = await gqlAt(url!, `{ codeLocations { file status jobs { name } } }`);
      assert.equal(codeLocations.length, 1);
      assert.equal(codeLocations[0].file, join(cwd, "definitions.ts"));
      assert.equal(codeLocations[0].status, "LOADED");
      assert.ok(codeLocations[0].jobs.some((j: { name: string }) => j.name === "noop"));
    } finally {
      assert.equal(await weir.stop(), 0, weir.stderr());
    }
  });

  test("a definitions file without a default export: a one-line hint, and the API keeps serving", async () => {
    const cwd = tempDir("no-default");
    const file = join(cwd, "definitions.ts");
    writeFileSync(file, "export const orders = [1, 2, 3];\n");
    const weir = spawnWeir(["dev", "--port", "0", "--instance", join(cwd, ".weir"), "--log-format", "pretty"], { cwd });
    try {
      const [, url] = await weir.line(API_LINE);
      const hint = await waitFor("the hint on stderr", async () =>
        weir
          .stderr()
          .split("\n")
          .find((l) => l.includes("ERROR: code location failed to load")),
      );
      assert.ok(
        hint.includes(
          `Code location ${file} must default-export defineDefinitions({...}), found no default export: end it with \`export default defineDefinitions({ assets: [...], jobs: [...] })\` (from @weir/sdk)`,
        ),
        hint,
      );
      const { codeLocations } = await gqlAt(url!, `{ codeLocations { status error { message } } }`);
      assert.equal(codeLocations[0].status, "ERROR");
      assert.match(codeLocations[0].error.message, /found no default export: end it with `export default defineDefinitions/);
    } finally {
      assert.equal(await weir.stop(), 0, weir.stderr());
    }
  });

  async function occupyPort(): Promise<{ server: Server; port: number }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, port: (server.address() as { port: number }).port };
  }

  test("the API's port in use: one line naming the port and --port; nothing left running or locked", async () => {
    const { server, port } = await occupyPort();
    const instanceDir = tempDir("api-port");
    try {
      const weir = spawnWeir([
        "dev",
        "--definitions",
        LOCATION,
        "--instance",
        instanceDir,
        "--port",
        String(port),
        "--web-port",
        "0",
      ]);
      assert.equal(await weir.exitCode(), 1);
      assert.match(
        weir.stderr(),
        new RegExp(
          `^weir: port ${port} on 127\\.0\\.0\\.1 is in use \\(another weir dev\\?\\): stop that process or pass --port N$`,
          "m",
        ),
      );
      assert.equal(weir.stdout(), "", "no listening line");
      assert.ok(!existsSync(join(instanceDir, "db.lock")), "the instance lock is released");
    } finally {
      server.close();
    }
  });

  test("the UI's port in use: one line naming the port and --web-port; the API does not stay up", async () => {
    const { server, port } = await occupyPort();
    const instanceDir = tempDir("web-port");
    try {
      const weir = spawnWeir([
        "dev",
        "--definitions",
        LOCATION,
        "--instance",
        instanceDir,
        "--port",
        "0",
        "--web-port",
        String(port),
      ]);
      assert.equal(await weir.exitCode(), 1);
      assert.match(
        weir.stderr(),
        new RegExp(
          `^weir: port ${port} on 127\\.0\\.0\\.1 is in use \\(another weir dev\\?\\): stop that process or pass --web-port N$`,
          "m",
        ),
      );
      assert.equal(weir.stdout(), "", "no listening line");
      assert.ok(!existsSync(join(instanceDir, "db.lock")), "the instance lock is released");
    } finally {
      server.close();
    }
  });

  test("an instance held by another process: one line naming its pid and --instance", async () => {
    const instanceDir = tempDir("locked");
    const first = spawnWeir(["dev", "--definitions", LOCATION, "--instance", instanceDir, "--port", "0"]);
    try {
      await first.line(API_LINE);
      const second = spawnWeir(["dev", "--definitions", LOCATION, "--instance", instanceDir, "--port", "0"]);
      assert.equal(await second.exitCode(), 1);
      assert.equal(
        second.stderr(),
        `weir: instance ${instanceDir} is in use by process ${first.child.pid} (another weir dev?): stop it, or pass --instance DIR to use another instance directory\n`,
      );
    } finally {
      assert.equal(await first.stop(), 0, first.stderr());
    }
  });
});
