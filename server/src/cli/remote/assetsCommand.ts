// `weir assets list|materialize`.
import { ExitCode, UsageError, parseCommand, parseTags, remoteContext } from "./remoteContext.ts";
import { PARTITION_FLAGS, partitionOptions, partitionSuffix } from "./partitionFlags.ts";
import { print, printJson, status, table, when } from "./terminalOutput.ts";

export const ASSETS_USAGE = `usage: weir assets <command> [flags]

  list [--group G]                                     assets with their latest materialization
  materialize KEY... [--partition KEY | --partition-range START..END] [--tag K=V]... [--wait]
                                                       launch a run materializing these assets

flags: --url URL (or WEIR_URL), --token TOKEN (or WEIR_TOKEN), --json`;

export async function assetsCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {
    group: { type: "string" },
    ...PARTITION_FLAGS,
    tag: { type: "string", multiple: true },
    wait: { type: "boolean" },
  });
  if (values.help || !sub) return print(ASSETS_USAGE);
  const ctx = remoteContext(values);
  switch (sub) {
    case "list": {
      const assets = await (await ctx.client()).assets({ group: values.group });
      if (ctx.json) return printJson(assets);
      if (assets.length === 0) return print("no assets");
      return print(
        table(
          ["ASSET", "GROUP", "LOCATION", "LAST MATERIALIZED", "BY RUN"],
          assets.map((a) => [
            a.key,
            a.group,
            a.locationName,
            when(a.latestMaterialization?.timestamp),
            a.latestMaterialization?.runId ?? "-",
          ]),
        ),
      );
    }
    case "materialize": {
      if (positionals.length === 0) throw new UsageError("missing KEY: name the assets to materialize");
      const partition = partitionOptions(values);
      const client = await ctx.client();
      const run = await client.materializeAssets({ keys: positionals, ...partition, tags: parseTags(values.tag) });
      const what = `${positionals.join(", ")}${partitionSuffix(run)}`;
      if (!values.wait)
        return ctx.json ? printJson(run) : print(`launched run ${run.id} materializing ${what}: ${status(run.status)}`);
      if (!ctx.json) print(`launched run ${run.id} materializing ${what}`);
      const final = await client.waitForRun(run.id);
      if (ctx.json) printJson(final);
      else print(`run ${final.id} ${status(final.status)}${final.failureReason ? `: ${final.failureReason}` : ""}`);
      if (final.status !== "SUCCESS")
        throw new ExitCode(1, `run ${final.id} ended ${final.status}${final.failureReason ? `: ${final.failureReason}` : ""}`);
      return;
    }
    default:
      throw new UsageError(`unknown command "assets ${sub}"\n\n${ASSETS_USAGE}`);
  }
}
