// `weir init`: adds Weir to the package in the current directory (or --dir): weir.config.ts, definitions.ts, a test,
// and Weir's scripts and dependencies merged into its package.json. create-weir does the writing, so
// `npm create weir` and `weir init` produce the same project.
import { initProject } from "create-weir";

export interface InitFlags {
  dir?: string;
  force?: boolean;
}

/** Prints what was written and the next steps; a refusal (no package.json, files it would overwrite) throws. */
export function initCommand(flags: InitFlags, print: (text: string) => void = console.log): void {
  const { message } = initProject({ dir: flags.dir, force: flags.force });
  print(message);
}
