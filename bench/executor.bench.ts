// Per-step overhead of the executor: executeInProcess on a 1,000-step chain and a 1,000-step fan-out
// of no-op ops, with an in-memory IO manager (executor cost alone) and the default file IO manager.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createMemoryIOManager,
  defineDefinitions,
  defineJob,
  defineOp,
  executeInProcess,
  type IOManager,
  type OpDef,
} from "@weir/sdk";
import { percentile, report, round, type Row } from "./report.ts";

const STEPS = Number(process.env.WEIR_BENCH_STEPS ?? 1000);
const REPS = Number(process.env.WEIR_BENCH_REPS ?? 9);
const WARMUP = 2;

function chainJob(io?: IOManager) {
  const ops: OpDef<number>[] = [];
  let prev: OpDef<number> | null = null;
  for (let i = 0; i < STEPS; i++) {
    const op: OpDef<number> = prev
      ? defineOp({ name: `chain_${i}`, ins: { prev }, run: ({ prev }) => prev + 1 })
      : defineOp({ name: `chain_${i}`, run: () => 0 });
    ops.push(op);
    prev = op;
  }
  return defineJob({ name: "chain", ops, ioManager: io });
}

function fanOutJob(io?: IOManager) {
  const root = defineOp({ name: "fan_root", run: () => 1 });
  const ops: OpDef<number>[] = [root];
  for (let i = 1; i < STEPS; i++) ops.push(defineOp({ name: `fan_${i}`, ins: { root }, run: ({ root }) => root + i }));
  return defineJob({ name: "fanout", ops, ioManager: io });
}

async function measure(
  shape: string,
  io: string,
  make: (io?: IOManager) => ReturnType<typeof chainJob>,
  ioManager?: IOManager,
): Promise<Row> {
  const defs = defineDefinitions({ jobs: [make(ioManager)] });
  const job = defs.jobs[0]!.name;
  const perStep: number[] = [];
  for (let r = 0; r < WARMUP + REPS; r++) {
    const instanceDir = mkdtempSync(join(tmpdir(), "weir-bench-"));
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const result = await executeInProcess(defs, { job }, { instanceDir });
    const ms = performance.now() - t0;
    rmSync(instanceDir, { recursive: true, force: true });
    if (!result.success) throw new Error(`bench run of ${job} ended ${result.status}`);
    if (r >= WARMUP) perStep.push(ms / STEPS);
  }
  perStep.sort((a, b) => a - b);
  return {
    shape: `${shape} (${STEPS} steps)`,
    io,
    reps: REPS,
    "p50 ms/step": round(percentile(perStep, 50), 4),
    "p90 ms/step": round(percentile(perStep, 90), 4),
    "min ms/step": round(perStep[0]!, 4),
    "p50 run ms": round(percentile(perStep, 50) * STEPS, 1),
    "target ms/step": 0.2,
  };
}

const rows: Row[] = [];
rows.push(await measure("chain", "memory (executor only)", chainJob, createMemoryIOManager()));
rows.push(await measure("fan-out 1->999", "memory (executor only)", fanOutJob, createMemoryIOManager()));
rows.push(await measure("chain", "default file IO manager", chainJob));
rows.push(await measure("fan-out 1->999", "default file IO manager", fanOutJob));
report("executor", rows, { steps: STEPS, reps: REPS, warmup: WARMUP });
