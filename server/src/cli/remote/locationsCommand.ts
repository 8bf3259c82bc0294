// `weir locations list|reload`.
import { ExitCode, UsageError, parseCommand, remoteContext, requirePositional } from "./remoteContext.ts";
import { paint, print, printJson, status, table, when } from "./terminalOutput.ts";

export const LOCATIONS_USAGE = `usage: weir locations <command> [flags]

  list            code locations with their status, jobs and load errors
  reload NAME     restart the location's code server to pick up code changes

flags: --url URL (or WEIR_URL), --token TOKEN (or WEIR_TOKEN), --json`;

export async function locationsCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {});
  if (values.help || !sub) return print(LOCATIONS_USAGE);
  const ctx = remoteContext(values);
  const client = await ctx.client();
  switch (sub) {
    case "list": {
      const locations = await client.codeLocations();
      if (ctx.json) return printJson(locations);
      if (locations.length === 0) return print("no code locations");
      print(
        table(
          ["LOCATION", "STATUS", "JOBS", "ASSETS", "LOADED", "FILE"],
          locations.map((l) => [
            l.name,
            status(l.status),
            String(l.jobs.length),
            String(l.assetKeys.length),
            when(l.loadedAt),
            l.file,
          ]),
        ),
      );
      for (const l of locations)
        if (l.error)
          print(
            paint(`\n${l.name}: ${l.error.message}${l.error.file ? ` (${l.error.file}:${l.error.line ?? "?"})` : ""}`, "red"),
          );
      return;
    }
    case "reload": {
      const location = await client.reloadCodeLocation(requirePositional(positionals[0], "NAME"));
      if (ctx.json) printJson(location);
      else print(`location ${location.name}: ${status(location.status)}${location.error ? ` (${location.error.message})` : ""}`);
      // A reload that leaves the location broken is a failure for scripts.
      if (location.status === "ERROR")
        throw new ExitCode(1, `code location ${location.name} failed to load: ${location.error?.message ?? "unknown error"}`);
      return;
    }
    default:
      throw new UsageError(`unknown command "locations ${sub}"\n\n${LOCATIONS_USAGE}`);
  }
}
