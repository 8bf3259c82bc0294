// What the user reads once the files are written: what changed, and the commands to run next.
import { relative } from "node:path";
import { type PackageManager, runScriptCommand } from "./packageManager.ts";
import type { ScaffoldResult } from "./scaffoldProject.ts";

export interface NextStepsOptions {
  /** The directory the user runs the commands from: a `cd` step is printed when the project is elsewhere. */
  cwd: string;
  /** Dependencies were installed already (`--install`): no `npm install` step. */
  installed?: boolean;
  /** The package manager the commands are written for (default npm). */
  packageManager?: PackageManager;
}

export function formatNextSteps(result: ScaffoldResult, options: NextStepsOptions): string {
  const where = relative(options.cwd, result.dir) || ".";
  const lines = [
    result.mode === "new" ? `Created the Weir project ${result.name} in ${where}` : `Added Weir to ${result.name} in ${where}`,
  ];
  if (result.created.length > 0) lines.push(`  created      ${result.created.join(", ")}`);
  if (result.overwritten.length > 0) lines.push(`  overwritten  ${result.overwritten.join(", ")}`);
  for (const update of result.updated) lines.push(`  updated      ${update.path} (${update.added.join(", ")})`);
  if (result.kept.length > 0) lines.push(`  kept yours   ${result.kept.join(", ")}`);

  const manager = options.packageManager ?? "npm";
  const steps: [string, string][] = [];
  if (where !== ".") steps.push([`cd ${/\s/.test(where) ? JSON.stringify(where) : where}`, ""]);
  if (!options.installed) steps.push([`${manager} install`, ""]);
  steps.push([runScriptCommand(manager, result.scripts.dev), "Weir's API, scheduler and UI: open http://127.0.0.1:3001"]);
  steps.push([runScriptCommand(manager, result.scripts.test), "runs the job in-process (test/definitions.test.ts)"]);
  const width = Math.max(...steps.map(([command]) => command.length));
  lines.push("", "Next steps:");
  for (const [command, why] of steps) lines.push(why ? `  ${command.padEnd(width)}  # ${why}` : `  ${command}`);
  lines.push("", "Then add assets to definitions.ts; the README.md of the project says where things go.");
  return lines.join("\n");
}
