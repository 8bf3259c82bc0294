import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
import { processStartTime } from "./instanceLock.ts";
import { openStore } from "./openStore.ts";

const OPEN_STORE = fileURLToPath(new URL("./openStore.ts", import.meta.url));

/** Runs a second process that tries to open the instance and reports what happened on stdout. */
function openInOtherProcess(instanceDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `
    import { openStore } from ${JSON.stringify(OPEN_STORE)};
    try {
      const store = await openStore({ instanceDir: ${JSON.stringify(instanceDir)} });
      await store.close();
      console.log("OPENED");
    } catch (error) {
      console.log("REFUSED " + error.name + ": " + error.message);
    }
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=weir-source", "--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it("an embedded instance refuses a second process, naming the holder's pid", async () => {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-lock-test-"));
  try {
    const store = await openStore({ instanceDir });
    try {
      const other = await openInOtherProcess(instanceDir);
      assert.match(other.stdout, /REFUSED InstanceLockedError/, `stdout: ${other.stdout}\nstderr: ${other.stderr}`);
      assert.ok(other.stdout.includes(`instance ${instanceDir} is in use by process ${process.pid}`), other.stdout);
    } finally {
      await store.close();
    }
    assert.equal(existsSync(join(instanceDir, "db.lock")), false, "close releases the lock");
    const after = await openInOtherProcess(instanceDir);
    assert.match(after.stdout, /OPENED/, `stdout: ${after.stdout}\nstderr: ${after.stderr}`);
  } finally {
    rmSync(instanceDir, { recursive: true, force: true });
  }
});

/** Opens the instance in this process, checks the lock now names this process, and closes it again. */
async function openAndCheckLockIsOurs(instanceDir: string): Promise<void> {
  const lockPath = join(instanceDir, "db.lock");
  const store = await openStore({ instanceDir });
  try {
    const holder = JSON.parse(readFileSync(lockPath, "utf8")) as { pid: number; startTime: string | null; token: string };
    assert.equal(holder.pid, process.pid, "the lock names this process");
    assert.equal(holder.startTime, processStartTime(process.pid), "and its start time");
    assert.match(holder.token, /^[0-9a-f-]{36}$/, "and its token");
  } finally {
    await store.close();
  }
  assert.equal(existsSync(lockPath), false, "close releases the lock");
}

it("a stale lock left by a dead process is taken over", async () => {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-lock-test-"));
  try {
    // A pid that is not running: a finished child's.
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) => child.on("close", () => resolve(child.pid!)));
    writeFileSync(join(instanceDir, "db.lock"), `${deadPid}\n`);
    await openAndCheckLockIsOurs(instanceDir);
  } finally {
    rmSync(instanceDir, { recursive: true, force: true });
  }
});

it("a lock with this process's pid but written by an earlier process (a restarted container) is stale", async () => {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-lock-test-"));
  const lockPath = join(instanceDir, "db.lock");
  try {
    // The format older versions wrote: the pid alone.
    writeFileSync(lockPath, `${process.pid}\n`);
    await openAndCheckLockIsOurs(instanceDir);
    // The current format, same pid and start time (a container's pid 1 restarted quickly), another token.
    const earlier = { pid: process.pid, startTime: processStartTime(process.pid), token: "00000000-0000-4000-8000-000000000000" };
    writeFileSync(lockPath, `${JSON.stringify(earlier)}\n`);
    await openAndCheckLockIsOurs(instanceDir);
  } finally {
    rmSync(instanceDir, { recursive: true, force: true });
  }
});

it("a lock naming a live process whose start time differs (a reused pid) is stale; one that matches is held", async () => {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-lock-test-"));
  const lockPath = join(instanceDir, "db.lock");
  const other = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  try {
    const pid = other.pid!;
    const startTime = processStartTime(pid);
    assert.notEqual(startTime, null, `start time of ${pid} from /proc`);
    writeFileSync(lockPath, `${JSON.stringify({ pid, startTime: String(Number(startTime) - 1), token: "x" })}\n`);
    await openAndCheckLockIsOurs(instanceDir);

    writeFileSync(lockPath, `${JSON.stringify({ pid, startTime, token: "x" })}\n`);
    await assert.rejects(openStore({ instanceDir }), (error: Error) => {
      assert.equal(error.name, "InstanceLockedError");
      assert.equal(
        error.message,
        `instance ${instanceDir} is in use by process ${pid} (another weir dev?): stop it, or pass --instance DIR to use another instance directory`,
      );
      return true;
    });
    assert.equal(JSON.parse(readFileSync(lockPath, "utf8")).pid, pid, "a refused open leaves the holder's lock alone");
  } finally {
    other.kill("SIGKILL");
    rmSync(instanceDir, { recursive: true, force: true });
  }
});

it("this process opening an instance it already holds is refused", async () => {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-lock-test-"));
  try {
    const store = await openStore({ instanceDir });
    try {
      await assert.rejects(openStore({ instanceDir }), new RegExp(`in use by process ${process.pid}`));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(instanceDir, { recursive: true, force: true });
  }
});
