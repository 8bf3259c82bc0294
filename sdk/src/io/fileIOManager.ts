// The default IO manager: one file per output under <instanceDir>/storage, written atomically.
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { InputContext, IOManager, OutputContext } from "./ioManager.ts";
import { RunOutputLogs, readRunOutput } from "./runOutputLog.ts";
import { assetOutputPath, runOutputLogPath, runOutputPath } from "./storagePaths.ts";
import { decodeValue, encodeValue } from "./valueCodec.ts";

export class MissingInputError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "MissingInputError";
  }
}

/**
 * Files under baseDir (ops: runs/<runId>/<stepKey>; assets: assets/<assetKey>[/<partition>]).
 * Without baseDir, uses <ctx.instanceDir>/storage, so one manager serves every instance.
 */
/** Below this size a synchronous write is cheaper than the thread-pool round trips of an async one. */
const SYNC_WRITE_MAX_BYTES = 64 * 1024;
let tmpCounter = 0;

function writeSmallAtomically(path: string, tmp: string, bytes: Buffer): void {
  try {
    writeFileSync(tmp, bytes);
  } catch (error) {
    // The folder may have been removed since we created it (storage wiped): create it again once.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, bytes);
  }
  try {
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw error;
  }
}

async function writeLargeAtomically(path: string, tmp: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}

export function createFileIOManager(baseDir?: string): IOManager {
  const base = (instanceDir: string) => baseDir ?? join(instanceDir, "storage");
  // Directories already created by this manager: saves a mkdir syscall per output.
  const madeDirs = new Set<string>();
  const runLogs = new RunOutputLogs();

  return {
    async handleOutput(ctx: OutputContext, value: unknown) {
      const { bytes, format } = encodeValue(value);
      const isOp = ctx.assetKey === undefined;
      if (isOp && bytes.length <= SYNC_WRITE_MAX_BYTES) {
        const path = runOutputLogPath(base(ctx.instanceDir), ctx.runId);
        try {
          runLogs.append(path, ctx.stepKey, bytes);
        } catch (error) {
          throw new Error(`could not store output of step "${ctx.stepKey}" (run ${ctx.runId}) in ${path}`, { cause: error });
        }
        return { path, format, bytes: bytes.length };
      }
      const path = isOp
        ? runOutputPath(base(ctx.instanceDir), ctx.runId, ctx.stepKey)
        : assetOutputPath(base(ctx.instanceDir), ctx.assetKey!, ctx.partitionKey);
      const dir = dirname(path);
      if (!madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        if (madeDirs.size > 10_000) madeDirs.clear(); // bounded in a long-lived server
        madeDirs.add(dir);
      }
      // Temp file + rename: a reader never sees a half-written output.
      const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
      try {
        if (bytes.length <= SYNC_WRITE_MAX_BYTES) writeSmallAtomically(path, tmp, bytes);
        else await writeLargeAtomically(path, tmp, bytes);
      } catch (error) {
        throw new Error(`could not store output of step "${ctx.stepKey}" (run ${ctx.runId}) at ${path}`, { cause: error });
      }
      return { path, format, bytes: bytes.length };
    },

    async flush() {
      runLogs.closeAll();
    },

    async loadInput(ctx: InputContext) {
      const isAsset = ctx.upstreamAssetKey !== undefined;
      if (!isAsset && !ctx.upstreamRunId) {
        throw new Error(
          `step "${ctx.stepKey}" needs the output of op "${ctx.upstreamStepKey}", which did not run in run ${ctx.runId} and there is no parent run to load it from`,
        );
      }
      const path = isAsset
        ? assetOutputPath(base(ctx.instanceDir), ctx.upstreamAssetKey!, ctx.partitionKey)
        : runOutputPath(base(ctx.instanceDir), ctx.upstreamRunId!, ctx.upstreamStepKey);
      let bytes: Buffer;
      try {
        const logged = isAsset
          ? undefined
          : readRunOutput(runOutputLogPath(base(ctx.instanceDir), ctx.upstreamRunId!), ctx.upstreamStepKey);
        bytes = logged ?? (await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          const what = isAsset
            ? `upstream asset "${ctx.upstreamAssetKey}"${ctx.partitionKey != null ? ` (partition "${ctx.partitionKey}")` : ""}, which was never materialized (no file at ${path}); materialize it first or include it in the selection`
            : `the output of op "${ctx.upstreamStepKey}" from run ${ctx.upstreamRunId}, which was never stored (not in ${runOutputLogPath(base(ctx.instanceDir), ctx.upstreamRunId!)} nor at ${path})`;
          throw new MissingInputError(`step "${ctx.stepKey}" needs ${what}`, path);
        }
        throw new Error(`could not load input of step "${ctx.stepKey}" from ${path}`, { cause: error });
      }
      return decodeValue(bytes);
    },
  };
}
