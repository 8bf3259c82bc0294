// Entry point of a code server child: `node --import tsx codeServerMain.ts <file>`. It imports one
// code location and answers requests on Node's IPC channel. stdout and stderr belong to user code
// (the parent keeps their tail for error reports); the protocol never touches them.
import { CodeLocationLoadError, loadCodeLocation, type LoadedCodeLocation } from "@weir/launchers";
import { PARTITION_TAG, isTimePartitions } from "@weir/sdk";
import type {
  CodeServerErrorPayload,
  CodeServerMethod,
  CodeServerMethods,
  CodeServerRequest,
  CodeServerResponse,
  RunRequestSnapshot,
  ScheduleEvaluation,
  SensorEvaluation,
} from "./codeServerProtocol.ts";

const file = process.argv[2];
if (!file || typeof process.send !== "function") {
  console.error("usage: node --import tsx codeServerMain.ts <code location file> (spawned with an IPC channel)");
  process.exit(2);
}

// A stray rejected promise in user code (a sensor's forgotten timer) must not take the location down.
process.on("unhandledRejection", (reason) => {
  console.error(`[weir code server] unhandled rejection in ${file}:`, reason);
});
// The server went away: nothing left to answer.
process.on("disconnect", () => process.exit(0));

const loading: Promise<LoadedCodeLocation> = loadCodeLocation(file);
loading.catch(() => undefined); // reported to whoever asks

type Handler<M extends CodeServerMethod> = (
  loaded: LoadedCodeLocation,
  params: CodeServerMethods[M]["params"],
) => Promise<CodeServerMethods[M]["result"]>;

const handlers: { [M in CodeServerMethod]: Handler<M> } = {
  async describe({ definitions, sdk }) {
    return sdk.describeDefinitions(definitions);
  },

  async validateConfig({ definitions, sdk }, { target, config }) {
    return sdk.validateRunConfig(definitions, target, config);
  },

  async evaluateSchedule({ definitions }, { name, scheduledTime }): Promise<ScheduleEvaluation> {
    const schedule = definitions.schedules.find((s) => s.name === name);
    if (!schedule) throw new Error(`No schedule named "${name}" in code location ${file}`);
    const tick = { scheduledTime: new Date(scheduledTime) };
    const base = { scheduleName: name, scheduledTime };
    if (schedule.shouldRun && !(await schedule.shouldRun(tick))) {
      return { ...base, runRequests: [], skipReason: `shouldRun returned false for ${scheduledTime}` };
    }
    // A job partitioned by time runs for the window that has just closed at the tick (yesterday, for a daily tick).
    const partitions = schedule.job.partitions;
    let partitionKey: string | null = null;
    if (isTimePartitions(partitions)) {
      partitionKey = partitions.lastClosedKey(tick.scheduledTime);
      if (partitionKey === null)
        return {
          ...base,
          runRequests: [],
          skipReason: `no partition of job "${schedule.job.name}" has closed by ${scheduledTime}`,
        };
    }
    const config = schedule.config ? await schedule.config(tick) : {};
    const request: RunRequestSnapshot = {
      runKey: null,
      jobName: schedule.job.name,
      assetSelection: null,
      config: toJson(config, `schedule "${name}" config`),
      tags: { ...schedule.tags, ...(partitionKey === null ? {} : { [PARTITION_TAG]: partitionKey }) },
      partitionKey,
    };
    return { ...base, runRequests: [request], skipReason: null };
  },

  async evaluateSensor({ definitions }, { name, cursor, lastTickAt, lastRunKey, run }): Promise<SensorEvaluation> {
    const sensor = definitions.sensors.find((s) => s.name === name);
    if (!sensor) throw new Error(`No sensor named "${name}" in code location ${file}`);
    const result =
      (await sensor.evaluate({
        cursor,
        lastEvaluatedAt: lastTickAt ? new Date(lastTickAt) : null,
        lastRunKey: lastRunKey ?? null,
        run: run ?? null,
      })) ?? {};
    const runRequests = (result.runRequests ?? []).map(
      (r, i): RunRequestSnapshot => ({
        runKey: r.runKey ?? null,
        jobName: sensor.job.name,
        assetSelection: null,
        config: toJson(r.config ?? {}, `sensor "${name}" run request ${i} config`),
        tags: { ...(r.tags ?? {}) },
        partitionKey: null,
      }),
    );
    const nextCursor = result.cursor === undefined ? cursor : result.cursor === null ? null : String(result.cursor);
    return { sensorName: name, runRequests, cursor: nextCursor, skipReason: result.skipReason ?? null };
  },
};

/** Config crosses a process boundary as JSON; say which value cannot, instead of losing it silently. */
function toJson(value: unknown, what: string): unknown {
  try {
    return value === undefined ? {} : JSON.parse(JSON.stringify(value));
  } catch (error) {
    throw new Error(`${what} is not JSON-serializable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function toPayload(error: unknown, phase: "load" | "call"): CodeServerErrorPayload {
  const payload: CodeServerErrorPayload =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack, phase }
      : { name: "NonError", message: String(error), phase };
  if (error instanceof CodeLocationLoadError) {
    // The user's own stack (where their module threw) says more than our loader's.
    if (error.cause instanceof Error && error.cause.stack) payload.stack = error.cause.stack;
    payload.file = error.source?.file ?? error.file;
    payload.line = error.source?.line;
    payload.column = error.source?.column;
  }
  return payload;
}

function reply(response: CodeServerResponse): void {
  process.send!(response, (error: Error | null) => {
    if (error) console.error(`[weir code server] could not reply to request ${response.id}:`, error);
  });
}

process.on("message", async (message: CodeServerRequest) => {
  const { id, method, params } = message;
  let loaded: LoadedCodeLocation;
  try {
    loaded = await loading;
  } catch (error) {
    reply({ id, error: toPayload(error, "load") });
    return;
  }
  try {
    const handler = handlers[method] as Handler<CodeServerMethod> | undefined;
    if (!handler) throw new Error(`Unknown code server method "${method}"`);
    const result = await handler(loaded, params as never);
    // Round-trip through JSON here so a non-serializable result fails as this call's error.
    reply({ id, result: JSON.parse(JSON.stringify(result ?? null)) });
  } catch (error) {
    reply({ id, error: toPayload(error, "call") });
  }
});
