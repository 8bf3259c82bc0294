#!/usr/bin/env node
// Runs the TypeScript sources directly: Weir ships no build step.
import { runRemoteCli } from "./remoteCli.js";

const REMOTE_COMMANDS = new Set(["runs", "assets", "schedules", "sensors", "locations", "tokens"]);
const argv = process.argv.slice(2);
// `tokens --instance/--local` opens the store itself, so it needs the TypeScript loader.
const needsServer =
  argv[0] === "tokens" && argv.some((a) => a === "--local" || a === "--instance" || a.startsWith("--instance="));

if (!(REMOTE_COMMANDS.has(argv[0]) && !needsServer && (await runRemoteCli(argv)))) {
  const { register } = await import("tsx/esm/api");
  register();
  // Remote commands skip main.ts, whose imports load the whole server.
  const { isRemoteCommand } = await import("../src/cli/remote/remoteCommands.ts");
  if (isRemoteCommand(argv[0])) await (await import("../src/cli/remote/remoteMain.ts")).remoteMain(argv);
  else await import("../src/cli/main.ts");
}
