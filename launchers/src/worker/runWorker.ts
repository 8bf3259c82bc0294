// The run worker: `node --import tsx runWorker.ts`, with the LaunchRequest as JSON on stdin (or
// base64 in WEIR_LAUNCH_REQUEST). It runs one run and writes each event as one NDJSON line on stdout.
// stdout is the event channel and nothing else: step output becomes LOG events (the SDK's capture),
// and any other write to stdout (at import, from a leftover timer) is sent to stderr instead.
// Exit code: 0 success, 1 failure, 143/130 canceled by SIGTERM/SIGINT, 2 when no run could start.
import { CodeLocationLoadError, loadCodeLocation } from "./codeLocationLoader.ts";
import { executeLaunchRequest } from "./launchRequestExecution.ts";
import { readLaunchRequest } from "./launchRequestCodec.ts";
import { parentPidFromEnv, watchParent } from "./parentWatch.ts";
import { encodeEventLine } from "./workerEventLines.ts";
import { EXIT_FAILURE, EXIT_WORKER_ERROR, exitCodeForStatus } from "./workerExitCodes.ts";

type Write = (chunk: string, callback?: (error?: Error | null) => void) => boolean;
const writeEventLine = process.stdout.write.bind(process.stdout) as Write;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

const controller = new AbortController();

// The server went away (EPIPE on the event channel): nobody can record the run, so stop it.
let stdoutBroken = false;
process.stdout.on("error", (error) => {
  stdoutBroken = true;
  process.stderr.write(`run worker: event channel closed (${error.message}); stopping\n`);
  controller.abort(new Error("the event channel to the server closed"));
});

let cancelSignal: "SIGTERM" | "SIGINT" = "SIGTERM";
let runStarted = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    // A second signal means "now": the launcher's grace period is the polite path. A spare still
    // waiting for its request has nothing to cancel.
    if (controller.signal.aborted || !runStarted) process.exit(signal === "SIGINT" ? 130 : 143);
    cancelSignal = signal;
    controller.abort(new Error(`the run worker received ${signal}`));
  });
}

// The server that started this worker died without stopping it (SIGKILL, OOM): nobody reads the events any
// more. Abort the run, and exit soon even when a step ignores the abort.
const ORPHAN_EXIT_MS = 2000;
const parentPid = parentPidFromEnv();
if (parentPid !== undefined) {
  watchParent({
    parentPid,
    onGone(reason) {
      process.stderr.write(`run worker: ${reason}; stopping\n`);
      if (!runStarted) process.exit(EXIT_WORKER_ERROR);
      controller.abort(new Error(reason));
      setTimeout(() => process.exit(EXIT_FAILURE), ORPHAN_EXIT_MS).unref();
    },
  });
}

/** Resolves once everything written so far reached the pipe, so process.exit loses no event. */
function flushEvents(): Promise<void> {
  if (stdoutBroken) return Promise.resolve();
  return new Promise((resolve) => writeEventLine("", () => resolve()));
}

// A warm spare (see subprocessLauncher.ts) is started before its run exists, with the location it will
// most likely run: it imports that location while it waits for the request, so the run starts at once.
const preloadFile = process.env.WEIR_PRELOAD_LOCATION;
const preloaded = preloadFile ? loadCodeLocation(preloadFile).catch((error: unknown) => error) : undefined;

async function main(): Promise<number> {
  let request;
  try {
    request = await readLaunchRequest();
    runStarted = true;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return EXIT_WORKER_ERROR;
  }

  let loaded;
  try {
    const early = preloadFile === request.location.file ? await preloaded : undefined;
    if (
      early instanceof Error ||
      (early !== undefined && !(typeof early === "object" && early !== null && "definitions" in early))
    )
      throw early;
    loaded =
      (early as Awaited<ReturnType<typeof loadCodeLocation>> | undefined) ?? (await loadCodeLocation(request.location.file));
  } catch (error) {
    const message =
      error instanceof CodeLocationLoadError ? error.message : `Could not load ${request.location.file}: ${String(error)}`;
    const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.stack ?? error.cause.message}` : "";
    process.stderr.write(`run worker (run ${request.runId}): ${message}${cause}\n`);
    return EXIT_WORKER_ERROR;
  }

  const result = await executeLaunchRequest(loaded, request, {
    emit: (event) => {
      if (!stdoutBroken) writeEventLine(encodeEventLine(event));
    },
    signal: controller.signal,
    maxConcurrency: positiveIntegerFromEnv("WEIR_MAX_CONCURRENCY"),
    cancelGraceMs: positiveIntegerFromEnv("WEIR_CANCEL_GRACE_MS"),
  });
  return exitCodeForStatus(result.status, cancelSignal);
}

/** Settings the launcher passes down (WEIR_MAX_CONCURRENCY, WEIR_CANCEL_GRACE_MS); unset means the executor's default. */
function positiveIntegerFromEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isInteger(value) && value >= 0 ? value : undefined;
}

let code: number;
try {
  code = await main();
} catch (error) {
  // The executor promises not to throw for user errors: this is a Weir bug, told on stderr.
  process.stderr.write(
    `run worker: the executor failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  code = EXIT_FAILURE;
}
await flushEvents();
// Exit even when user code left timers or sockets open: the run is over.
process.exit(code);
