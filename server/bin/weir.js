#!/usr/bin/env node
// The `weir` command. Installed, it runs the compiled JavaScript in dist/; in Weir's own repository (src/ is
// there) it runs the TypeScript sources through tsx, with the "weir-source" export condition so that every
// @weir/* package resolves to its sources too.
import { existsSync } from "node:fs";

const fromSource = existsSync(new URL("../src/cli/main.ts", import.meta.url));
const REMOTE_COMMANDS = new Set(["runs", "assets", "schedules", "sensors", "locations", "tokens"]);
const argv = process.argv.slice(2);
// `tokens --instance/--local` opens the store itself, so it needs the whole server.
const needsServer =
  argv[0] === "tokens" && argv.some((a) => a === "--local" || a === "--instance" || a.startsWith("--instance="));
const isRemote = REMOTE_COMMANDS.has(argv[0]) && !needsServer;

if (!fromSource) {
  // Remote commands skip main.js, whose imports load the whole server.
  if (isRemote) await (await import("../dist/cli/remote/remoteMain.js")).remoteMain(argv);
  else await import("../dist/cli/main.js");
} else if (!(isRemote && (await (await import("./remoteCli.js")).runRemoteCli(argv)))) {
  const { register } = await import("node:module");
  register(
    "data:text/javascript," +
      encodeURIComponent(
        'export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, "weir-source"] }); }',
      ),
  );
  (await import("tsx/esm/api")).register();
  const { isRemoteCommand } = await import("../src/cli/remote/remoteCommands.ts");
  if (isRemoteCommand(argv[0])) await (await import("../src/cli/remote/remoteMain.ts")).remoteMain(argv);
  else await import("../src/cli/main.ts");
}
