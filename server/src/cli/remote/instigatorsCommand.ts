// `weir schedules list|start|stop` and `weir sensors list|start|stop|cursor`.
import { UsageError, parseCommand, remoteContext, requirePositional } from "./remoteContext.ts";
import { print, printJson, status, table } from "./terminalOutput.ts";

export const SCHEDULES_USAGE = `usage: weir schedules <command> [flags]

  list                 schedules with their cron, job and status
  start NAME           turn a schedule on
  stop NAME            turn a schedule off

flags: --url URL (or WEIR_URL), --token TOKEN (or WEIR_TOKEN), --json`;

export const SENSORS_USAGE = `usage: weir sensors <command> [flags]

  list                    sensors with their interval, job, status and cursor
  start NAME              turn a sensor on
  stop NAME               turn a sensor off
  cursor NAME [VALUE]     show the sensor's cursor, or set it to VALUE (--clear to unset)

flags: --url URL (or WEIR_URL), --token TOKEN (or WEIR_TOKEN), --json`;

export async function schedulesCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {});
  if (values.help || !sub) return print(SCHEDULES_USAGE);
  const ctx = remoteContext(values);
  const client = await ctx.client();
  switch (sub) {
    case "list": {
      const schedules = await client.schedules();
      if (ctx.json) return printJson(schedules);
      if (schedules.length === 0) return print("no schedules");
      return print(
        table(
          ["SCHEDULE", "CRON", "TIMEZONE", "JOB", "STATUS"],
          schedules.map((s) => [s.name, s.cron, s.timezone, s.jobName, status(s.status)]),
        ),
      );
    }
    case "start":
    case "stop": {
      const name = requirePositional(positionals[0], "NAME");
      const schedule = sub === "start" ? await client.startSchedule(name) : await client.stopSchedule(name);
      return ctx.json ? printJson(schedule) : print(`schedule ${schedule.name}: ${status(schedule.status)}`);
    }
    default:
      throw new UsageError(`unknown command "schedules ${sub}"\n\n${SCHEDULES_USAGE}`);
  }
}

export async function sensorsCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, { clear: { type: "boolean" } });
  if (values.help || !sub) return print(SENSORS_USAGE);
  const ctx = remoteContext(values);
  const client = await ctx.client();
  switch (sub) {
    case "list": {
      const sensors = await client.sensors();
      if (ctx.json) return printJson(sensors);
      if (sensors.length === 0) return print("no sensors");
      return print(
        table(
          ["SENSOR", "EVERY", "JOB", "STATUS", "CURSOR"],
          sensors.map((s) => [s.name, `${s.intervalSeconds}s`, s.jobName, status(s.status), s.cursor ?? "-"]),
        ),
      );
    }
    case "start":
    case "stop": {
      const name = requirePositional(positionals[0], "NAME");
      const sensor = sub === "start" ? await client.startSensor(name) : await client.stopSensor(name);
      return ctx.json ? printJson(sensor) : print(`sensor ${sensor.name}: ${status(sensor.status)}`);
    }
    case "cursor": {
      const name = requirePositional(positionals[0], "NAME");
      const value = positionals[1];
      if (value === undefined && !values.clear) {
        const sensor = (await client.sensors()).find((s) => s.name === name);
        if (!sensor) throw new Error(`sensor "${name}" is not defined in any loaded code location`);
        return ctx.json ? printJson({ name, cursor: sensor.cursor }) : print(sensor.cursor ?? "(no cursor)");
      }
      if (value !== undefined && values.clear) throw new UsageError("give a VALUE or --clear, not both");
      const sensor = await client.setSensorCursor(name, values.clear ? null : value!);
      return ctx.json ? printJson(sensor) : print(`sensor ${sensor.name} cursor: ${sensor.cursor ?? "(cleared)"}`);
    }
    default:
      throw new UsageError(`unknown command "sensors ${sub}"\n\n${SENSORS_USAGE}`);
  }
}
