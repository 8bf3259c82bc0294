// Which code locations a long-running command (dev, server, daemon) loads: --definitions, else `locations`
// in weir.config.ts, else ./definitions.ts (what `weir init` writes). Checked before anything starts, so a
// beginner's first mistake gets one line that says what to do instead of an empty or broken server.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { ConfigFlags, WeirConfig } from "../config/weirConfig.ts";

export const DEFAULT_DEFINITIONS_FILE = "definitions.ts";

export class NoDefinitionsError extends Error {
  constructor(readonly cwd: string) {
    super(
      `no definitions file: create ${DEFAULT_DEFINITIONS_FILE} in ${cwd}, or pass --definitions FILE (or set locations in weir.config.ts)`,
    );
    this.name = "NoDefinitionsError";
  }
}

export class DefinitionsFileNotFoundError extends Error {
  constructor(
    readonly file: string,
    readonly cwd: string,
    readonly source: string,
  ) {
    super(
      `definitions file ${relative(cwd, file) || file} not found (from ${source}, in ${cwd}): fix the path, or create the file`,
    );
    this.name = "DefinitionsFileNotFoundError";
  }
}

/** Fills config.locations with ./definitions.ts when none is given, and checks that every file exists. */
export function resolveDefinitionsFiles(
  config: WeirConfig,
  flags: ConfigFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): void {
  if (config.locations.length === 0) {
    const fallback = resolve(cwd, DEFAULT_DEFINITIONS_FILE);
    if (!existsSync(fallback)) throw new NoDefinitionsError(cwd);
    config.locations = [{ file: fallback }];
    return;
  }
  const source = flags.definitions?.length
    ? "--definitions"
    : `locations in ${flags.config ?? env.WEIR_CONFIG ?? "weir.config.ts"}`;
  for (const location of config.locations) {
    if (!existsSync(location.file)) throw new DefinitionsFileNotFoundError(location.file, cwd, source);
  }
}
