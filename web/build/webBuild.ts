// The UI's static build (web/out), made once and remade when the UI's sources change: a hash of the
// sources is stamped into the output, and a lock directory keeps two processes from building at once.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The UI's package (web/); this builder runs only in Weir's repository. */
export const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPO_DIR = join(WEB_DIR, "..");
export const OUT_DIR = join(WEB_DIR, "out");
const STAMP = join(OUT_DIR, ".weir-build-stamp");
const LOCK = join(WEB_DIR, ".build-lock");
/** What goes into the build, relative to the repo: the UI's own files and the workspace packages it imports. */
const SOURCES = [
  "web/src",
  "web/public",
  "web/next.config.ts",
  "web/package.json",
  "web/tsconfig.json",
  "dag-layout/src",
  "sdk/src/statuses.ts",
];

function listFiles(path: string, into: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) listFiles(join(path, entry), into);
  } else into.push(path);
}

/** The files the build is made from, in a stable order. */
export function buildSources(): string[] {
  const files: string[] = [];
  for (const source of SOURCES) listFiles(join(REPO_DIR, source), files);
  return files;
}

/** A hash of everything that goes into the build. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of buildSources())
    hash.update(file.slice(REPO_DIR.length)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 16);
}

export function isBuildFresh(hash = sourceHash()): boolean {
  try {
    return readFileSync(STAMP, "utf8").trim() === hash;
  } catch {
    return false;
  }
}

function lockHolder(): number | null {
  try {
    const pid = Number(readFileSync(join(LOCK, "pid"), "utf8"));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function takeLock(): boolean {
  try {
    mkdirSync(LOCK);
  } catch {
    if (lockHolder() !== null) return false;
    // The holder died mid-build: take its lock over.
    rmSync(LOCK, { recursive: true, force: true });
    try {
      mkdirSync(LOCK);
    } catch {
      return false;
    }
  }
  writeFileSync(join(LOCK, "pid"), String(process.pid));
  return true;
}

export interface WebBuild {
  done: Promise<void>;
  cancel(): void;
}

export interface BuildOptions {
  /** Build even when the stamp says the output is fresh. */
  force?: boolean;
  /** Where `next build` writes its output (default: discarded unless it fails). */
  onOutput?: (chunk: string) => void;
}

/** Builds the UI unless it is fresh; waits for another process's build instead of starting a second one. */
export function buildWeb({ force = false, onOutput }: BuildOptions = {}): WebBuild {
  let child: ReturnType<typeof spawn> | undefined;
  let cancelled = false;
  const done = (async () => {
    const hash = sourceHash();
    for (;;) {
      if (!force && isBuildFresh(hash)) return;
      if (takeLock()) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (cancelled) throw new Error("build cancelled");
    }
    try {
      if (!force && isBuildFresh(hash)) return;
      const nextBin = createRequire(join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
      let output = "";
      child = spawn(process.execPath, [nextBin, "build"], {
        cwd: WEB_DIR,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      // A background build must not starve the server (or tests) sharing the machine.
      try {
        if (child.pid) setPriority(child.pid, 15);
      } catch {
        // not permitted here: build at normal priority
      }
      const collect = (chunk: Buffer) => {
        output += chunk;
        onOutput?.(String(chunk));
      };
      child.stdout!.on("data", collect);
      child.stderr!.on("data", collect);
      const code = await new Promise<number | null>((resolve) => child!.once("exit", resolve));
      if (cancelled) throw new Error("build cancelled");
      if (code !== 0) throw new Error(`next build exited with ${code}:\n${output.split("\n").slice(-40).join("\n")}`);
      writeFileSync(STAMP, hash);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      child?.kill("SIGTERM");
    },
  };
}
