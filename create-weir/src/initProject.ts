// `weir init`: adds Weir to the package in a directory (the server's CLI calls this).
import { resolve } from "node:path";
import { formatNextSteps } from "./nextSteps.ts";
import { detectPackageManager } from "./packageManager.ts";
import { type ScaffoldResult, scaffoldProject } from "./scaffoldProject.ts";

export interface InitOptions {
  /** The package's directory (default: the current one). */
  dir?: string;
  force?: boolean;
  cwd?: string;
}

/** Scaffolds in existing mode; returns what was written and the message to print. Throws ScaffoldError. */
export function initProject(options: InitOptions = {}): { result: ScaffoldResult; message: string } {
  const cwd = options.cwd ?? process.cwd();
  const result = scaffoldProject({ dir: resolve(cwd, options.dir ?? "."), mode: "existing", force: options.force });
  const packageManager = detectPackageManager(process.env.npm_config_user_agent);
  return { result, message: formatNextSteps(result, { cwd, packageManager }) };
}
