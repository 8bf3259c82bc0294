import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";
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
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
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

it("a stale lock left by a dead process is taken over", async () => {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-lock-test-"));
  try {
    // A pid that is not running: a finished child's.
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) => child.on("close", () => resolve(child.pid!)));
    writeFileSync(join(instanceDir, "db.lock"), `${deadPid}\n`);
    const store = await openStore({ instanceDir });
    await store.close();
  } finally {
    rmSync(instanceDir, { recursive: true, force: true });
  }
});
