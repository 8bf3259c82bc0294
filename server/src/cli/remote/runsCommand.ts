// `weir runs list|show|launch|logs|terminate|reexecute`.
import { readFileSync } from "node:fs";
import { RUN_STATUSES } from "@weir/sdk";
import type { Run, RunEvent, RunStatus, WeirClient } from "@weir/client";
import {
  ExitCode,
  UsageError,
  parseCommand,
  parseTags,
  remoteContext,
  requirePositional,
  type RemoteContext,
} from "./remoteContext.ts";
import { duration, paint, print, printJson, status, table, when } from "./terminalOutput.ts";
import { PARTITION_FLAGS, partitionOptions, partitionSuffix } from "./partitionFlags.ts";

export const RUNS_USAGE = `usage: weir runs <command> [flags]

  list [--status S]... [--job J] [--tag K=V]... [--limit N]   runs, newest first (default limit 20)
  show RUN_ID                                               one run with its steps
  launch JOB [--config JSON | --config-file FILE] [--tag K=V]... [--priority N] [--wait]
         [--partition KEY | --partition-range START..END]
                                                            launch a run; --wait exits non-zero unless it succeeds
  logs RUN_ID [--follow] [--after SEQ]                      the run's events; --follow streams until the run ends
  terminate RUN_ID                                          stop a run in progress
  reexecute RUN_ID [--strategy from-failure|all-steps] [--wait]
                                                            run a finished run again (default: from failure)

flags: --url URL (or WEIR_URL), --token TOKEN (or WEIR_TOKEN), --json`;

function runRow(run: Run): string[] {
  return [run.id, run.jobName, status(run.status), when(run.createdAt), duration(run.durationMs)];
}

function printRunLine(verb: string, run: Run): void {
  print(`${verb} run ${run.id} (${run.jobName})${partitionSuffix(run)}: ${status(run.status)}`);
}

const LEVEL_COLOURS = { ERROR: "red", WARNING: "yellow", DEBUG: "dim" } as const;

export function formatEvent(event: RunEvent): string {
  const time = new Date(event.timestamp).toISOString().slice(11, 23);
  const type = event.type === "LOG" ? (event.level ?? "INFO") : event.type;
  const colour = event.type.endsWith("FAILURE")
    ? "red"
    : event.type.endsWith("SUCCESS")
      ? "green"
      : (LEVEL_COLOURS[event.level as keyof typeof LEVEL_COLOURS] ?? null);
  return `${paint(time, "dim")} ${String(event.seq).padStart(5)}  ${paint(type.padEnd(22), colour)} ${(event.stepKey ?? "").padEnd(16)} ${event.message}`;
}

/** Waits for the run and reports it; the exit code says whether it succeeded. */
async function waitAndReport(ctx: RemoteContext, client: WeirClient, run: Run): Promise<void> {
  if (!ctx.json) print(paint(`waiting for run ${run.id}...`, "dim"));
  const final = await client.waitForRun(run.id);
  if (ctx.json) printJson(final);
  else print(`run ${final.id} ${status(final.status)}${final.failureReason ? `: ${final.failureReason}` : ""}`);
  if (final.status !== "SUCCESS")
    throw new ExitCode(1, `run ${final.id} ended ${final.status}${final.failureReason ? `: ${final.failureReason}` : ""}`);
}

function readConfig(values: { config?: string; "config-file"?: string }): unknown {
  const text = values["config-file"] ? readFileSync(values["config-file"], "utf8") : values.config;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`run config is not valid JSON: ${(error as Error).message}`);
  }
}

export async function runsCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {
    status: { type: "string", multiple: true },
    job: { type: "string" },
    tag: { type: "string", multiple: true },
    limit: { type: "string" },
    config: { type: "string" },
    "config-file": { type: "string" },
    priority: { type: "string" },
    wait: { type: "boolean" },
    follow: { type: "boolean", short: "f" },
    after: { type: "string" },
    strategy: { type: "string" },
    ...PARTITION_FLAGS,
  });
  if (values.help || !sub) return print(RUNS_USAGE);
  const ctx = remoteContext(values);

  switch (sub) {
    case "list": {
      const limit = values.limit ? Number(values.limit) : 20;
      if (!Number.isInteger(limit) || limit <= 0)
        throw new UsageError(`--limit must be a positive number, got "${values.limit}"`);
      const statuses = values.status?.map((s) => s.toUpperCase());
      const unknown = statuses?.find((s) => !(RUN_STATUSES as readonly string[]).includes(s));
      if (unknown) throw new UsageError(`unknown status "${unknown}" (one of ${RUN_STATUSES.join(", ")})`);
      const tags = parseTags(values.tag);
      const filter = {
        statuses: statuses as RunStatus[] | undefined,
        job: values.job,
        tags: tags ? Object.entries(tags).map(([key, value]) => ({ key, value })) : undefined,
      };
      const client = await ctx.client();
      const runs: Run[] = [];
      for await (const page of client.listRuns({ filter, pageSize: Math.min(limit, 100) })) {
        runs.push(...page.slice(0, limit - runs.length));
        if (runs.length >= limit) break;
      }
      if (ctx.json) return printJson(runs);
      if (runs.length === 0) return print("no runs");
      return print(table(["RUN ID", "JOB", "STATUS", "CREATED", "DURATION"], runs.map(runRow)));
    }
    case "show": {
      const id = requirePositional(positionals[0], "RUN_ID");
      const run = await (await ctx.client()).getRun(id);
      if (!run) throw new Error(`run ${id} does not exist`);
      if (ctx.json) return printJson(run);
      const fields: [string, string][] = [
        ["run", run.id],
        ["job", run.jobName],
        ["status", status(run.status)],
        ["location", run.locationName ?? "-"],
        ["created", when(run.createdAt)],
        ["started", when(run.startedAt)],
        ["ended", when(run.endedAt)],
        ["duration", duration(run.durationMs)],
        ["tags", run.tags.map((t) => `${t.key}=${t.value}`).join(" ") || "-"],
      ];
      if (run.parentRunId) fields.push(["parent", run.parentRunId]);
      if (run.assetSelection) fields.push(["assets", run.assetSelection.join(", ")]);
      if (run.failureReason) fields.push(["failure", run.failureReason]);
      print(fields.map(([k, v]) => `${k.padEnd(9)} ${v}`).join("\n"));
      if (run.steps.length)
        print(
          "\n" +
            table(
              ["STEP", "STATUS", "ATTEMPTS", "DURATION"],
              run.steps.map((s) => [s.stepKey, status(s.status), String(s.attempts), duration(s.durationMs)]),
            ),
        );
      return;
    }
    case "launch": {
      const job = requirePositional(positionals[0], "JOB");
      const priority = values.priority === undefined ? undefined : Number(values.priority);
      if (priority !== undefined && !Number.isInteger(priority))
        throw new UsageError(`--priority must be an integer, got "${values.priority}"`);
      const partition = partitionOptions(values);
      const client = await ctx.client();
      const run = await client.launchRun({
        job,
        config: readConfig(values),
        tags: parseTags(values.tag),
        priority,
        ...partition,
      });
      if (values.wait) {
        if (!ctx.json) printRunLine("launched", run);
        return waitAndReport(ctx, client, run);
      }
      return ctx.json ? printJson(run) : printRunLine("launched", run);
    }
    case "logs": {
      const id = requirePositional(positionals[0], "RUN_ID");
      const after = values.after ? Number(values.after) : 0;
      const client = await ctx.client();
      const emit = (event: RunEvent) =>
        ctx.json ? process.stdout.write(`${JSON.stringify(event)}\n`) : print(formatEvent(event));
      if (values.follow) {
        // Replays what is stored, then streams until the run's final event.
        for await (const event of client.runEvents(id, { after })) emit(event);
        return;
      }
      let cursor = after;
      for (;;) {
        const page = await client.getRunEvents(id, { after: cursor, first: 1000 });
        if (page.events.length === 0 && cursor === after && !(await client.getRun(id)))
          throw new Error(`run ${id} does not exist`);
        page.events.forEach(emit);
        if (!page.hasNextPage || page.events.length === 0) return;
        cursor = page.events[page.events.length - 1]!.seq;
      }
    }
    case "terminate": {
      const run = await (await ctx.client()).terminateRun(requirePositional(positionals[0], "RUN_ID"));
      return ctx.json ? printJson(run) : printRunLine("terminating", run);
    }
    case "reexecute": {
      const id = requirePositional(positionals[0], "RUN_ID");
      const strategy = (values.strategy ?? "from-failure").toUpperCase().replace(/-/g, "_");
      if (strategy !== "FROM_FAILURE" && strategy !== "ALL_STEPS")
        throw new UsageError(`--strategy must be from-failure or all-steps, got "${values.strategy}"`);
      const client = await ctx.client();
      const run = await client.reexecuteRun(id, strategy);
      if (values.wait) {
        if (!ctx.json) printRunLine("re-executing as", run);
        return waitAndReport(ctx, client, run);
      }
      return ctx.json ? printJson(run) : printRunLine("re-executing as", run);
    }
    default:
      throw new UsageError(`unknown command "runs ${sub}"\n\n${RUNS_USAGE}`);
  }
}
