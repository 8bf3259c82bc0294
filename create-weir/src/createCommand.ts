// The `create-weir` command (`npm create weir@latest DIR`): flags, scaffolding, the optional install, next steps.
// Never prompts, so scripts and CI run it as users do.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatNextSteps } from "./nextSteps.ts";
import { detectPackageManager, type PackageManager } from "./packageManager.ts";
import { ScaffoldError } from "./scaffoldError.ts";
import { scaffoldProject } from "./scaffoldProject.ts";

export const DEFAULT_DIRECTORY = "my-pipelines";

export const USAGE = `usage: npm create weir@latest [DIR] -- [--force] [--install]
       create-weir [DIR] [--force] [--install]

Writes a new Weir project into DIR (default ${DEFAULT_DIRECTORY}): package.json, weir.config.ts, definitions.ts,
a test that runs the job in-process, tsconfig.json and a README of the next steps.

flags:
  --force     write into a non-empty DIR, overwriting Weir's files there
  --install   run npm install in DIR afterwards (pnpm, yarn or bun install when one of them runs create)
  -h, --help  this text

To add Weir to a package you already have, run \`npx weir init\` in it.`;

export interface CreateCommandIO {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  /** npm_config_user_agent: which package manager runs `create` (npm, pnpm, yarn, bun). */
  userAgent?: string;
}

function install(manager: PackageManager, dir: string): number {
  // npm is npm.cmd on Windows (pnpm and yarn likewise), which only a shell runs.
  const child = spawnSync(manager, ["install"], { cwd: dir, stdio: "inherit", shell: process.platform === "win32" });
  if (child.error) throw new ScaffoldError(`could not run ${manager} install in ${dir}: ${child.error.message}`);
  return child.status ?? 1;
}

/** Returns the process exit code: 0 done, 1 refused or failed, 2 bad usage. */
export function runCreateWeir(argv: string[], io: CreateCommandIO): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`create-weir: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.err(`create-weir: one directory expected, got ${positionals.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  const target = positionals[0] ?? DEFAULT_DIRECTORY;
  const manager = detectPackageManager(io.userAgent);
  try {
    const result = scaffoldProject({ dir: resolve(io.cwd, target), mode: "new", force: values.force });
    let installed = false;
    if (values.install) {
      io.out(`Installing dependencies in ${target} (${manager} install)...`);
      const code = install(manager, result.dir);
      if (code !== 0)
        throw new ScaffoldError(
          `${manager} install failed in ${result.dir} (exit ${code}): the files are written; run it again there`,
        );
      installed = true;
    }
    io.out(formatNextSteps(result, { cwd: io.cwd, installed, packageManager: manager }));
    return 0;
  } catch (error) {
    // File-system errors (EACCES, ENOSPC...) name their path in the message; a stack would add nothing for the user.
    io.err(`create-weir: ${(error as Error).message}`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      force: { type: "boolean", default: false },
      install: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}
