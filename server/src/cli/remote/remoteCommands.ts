// The `weir` commands that talk to a running API instead of starting one. bin/weir.js routes them
// before anything of the server loads, so this file imports nothing.
export const REMOTE_COMMANDS = ["runs", "assets", "schedules", "sensors", "locations", "tokens"] as const;

export function isRemoteCommand(name: string | undefined): boolean {
  return (REMOTE_COMMANDS as readonly string[]).includes(name ?? "");
}
