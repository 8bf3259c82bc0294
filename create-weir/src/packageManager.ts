// Which package manager ran us (`npm create`, `pnpm create`, `yarn create`, `bun create`), so the next steps and
// --install use the one the user already chose. Each sets npm_config_user_agent, e.g. "pnpm/9.12.0 npm/? node/v20.19.0".

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

/** The command that runs one of the package's scripts: `npm test`, `npm run dev`, `pnpm dev`, `yarn dev`. */
export function runScriptCommand(manager: PackageManager, script: string): string {
  if (manager === "npm") return script === "test" || script === "start" ? `npm ${script}` : `npm run ${script}`;
  if (manager === "bun") return `bun run ${script}`;
  return `${manager} ${script}`;
}
