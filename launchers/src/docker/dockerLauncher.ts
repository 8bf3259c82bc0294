// Runs each run's worker in its own Docker container (dockerode): the same entry point as the subprocess
// launcher, with the code either bind-mounted from this host (same paths inside the container) or baked
// into the image by `weir docker build-image --definitions`. Events arrive as NDJSON lines on the
// container's stdout. Containers carry the labels weir.run_id / weir.location, so a restarted server
// finds a run's container again (reattach) and reads its output from the start, skipping what it stored.
import { existsSync, mkdirSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";
import { connectDockerEngine, explainEngineError, type DockerEngine, type DockerEngineOptions } from "./dockerEngine.ts";
import { createDockerStreamDemuxer } from "./dockerStreamDemuxer.ts";
import { encodeLaunchRequestForEnv, LAUNCH_REQUEST_ENV } from "../worker/launchRequestCodec.ts";
import { createWorkerEventLines } from "../worker/workerEventLines.ts";
import { nodeChildArgs, weirModulePath } from "../worker/nodeChild.ts";
import { createOutputTail, type OutputTail } from "../worker/outputTail.ts";
import type { LaunchHooks, LaunchRequest, ReattachRequest, RunLauncher, WorkerHealth } from "../runLauncher.ts";
import { redactEnv, redactSecret } from "../secretRedaction.ts";
import { assertWorkerEnvSettings, workerEnvironment, type WorkerEnvSettings } from "../workerEnvironment.ts";

export const DEFAULT_WORKER_IMAGE = "weir-worker:latest";

export interface DockerMount {
  /** Path on the engine's host (checked to exist when the engine is local). */
  source: string;
  /** Path inside the container (default: the same as source). */
  target?: string;
  readOnly?: boolean;
}

export interface DockerLauncherOptions extends DockerEngineOptions {
  /** Image the worker runs in (default weir-worker:latest; per run: tag weir/docker/image). */
  image?: string;
  /**
   * Images a run may choose with the weir/docker/image tag (exact names, or prefixes ending in *);
   * `image` is always allowed. Unset: any image.
   */
  allowedImages?: string[];
  /**
   * "mount" (default): the code location's directory and the Weir install (with node_modules) are
   * bind-mounted read-only at their host paths. "image": they are already in the image, at the same
   * paths (`weir docker build-image --definitions FILE`), which is what a remote engine needs.
   */
  codeSource?: "mount" | "image";
  /** Bind-mount the instance directory (IO-manager files) read-write (default: when the engine is local). */
  mountInstanceDir?: boolean;
  /** Docker network mode: bridge (default), host, none, or a network name (per run: tag weir/docker/network). */
  networkMode?: string;
  /** Extra environment of the worker. Values of secret-looking names are redacted in describe(). */
  env?: Record<string, string>;
  /** Names (or PREFIX_*) copied from the server's environment, and fixed values (`workerEnv` in weir.config.ts). */
  workerEnv?: WorkerEnvSettings;
  /** Memory limit: bytes, or "512m", "2g" (per run: tag weir/docker/memory). */
  memory?: string | number;
  /** CPU limit in CPUs, e.g. 1.5 (per run: tag weir/docker/cpus). */
  cpus?: string | number;
  mounts?: DockerMount[];
  /** User the worker runs as (default in mount mode: this process's uid:gid, so instance files stay ours). */
  user?: string;
  /** Mount this host's tsx transpile cache into the container (mount mode; default true): faster starts. */
  shareTranspileCache?: boolean;
  /** Time between SIGTERM (docker stop) and SIGKILL on terminate. */
  gracePeriodMs?: number;
  /** Bytes of the worker's stderr kept for the exit report. */
  stderrTailBytes?: number;
  /** Extra node flags for the worker (e.g. --max-old-space-size=4096). */
  nodeArgs?: string[];
}

export const DOCKER_TAGS = {
  image: "weir/docker/image",
  memory: "weir/docker/memory",
  cpus: "weir/docker/cpus",
  network: "weir/docker/network",
} as const;

export const RUN_ID_LABEL = "weir.run_id";
export const LOCATION_LABEL = "weir.location";

const RUN_WORKER = realpathSync(weirModulePath("../worker/runWorker", import.meta.url));
const TSX_LOADER = realpathSync(fileURLToPath(import.meta.resolve("tsx")));
/** The Weir install: the directory whose node_modules holds tsx (the repo root in a checkout). */
export const WEIR_INSTALL_ROOT = TSX_LOADER.slice(0, TSX_LOADER.lastIndexOf(`${path.sep}node_modules${path.sep}`));
const LAUNCHERS_PACKAGE_ROOT = path.resolve(path.dirname(RUN_WORKER), "../..");

/** The command a worker container runs (the image has node on its PATH). */
export function workerCommand(nodeArgs: string[] = []): string[] {
  return ["node", ...nodeChildArgs(RUN_WORKER, nodeArgs, TSX_LOADER)];
}

/** "512m", "2g", "1073741824" -> bytes. */
export function parseMemory(value: string | number, from: string): number {
  if (typeof value === "number") return value;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value.trim());
  if (!match) throw new Error(`${from}: memory "${value}" is not a size; use bytes or a number with k, m or g (e.g. 512m)`);
  const scale = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[
    match[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"
  ];
  return Math.round(Number(match[1]) * scale);
}

export function parseCpus(value: string | number, from: string): number {
  const cpus = Number(value);
  if (!Number.isFinite(cpus) || cpus <= 0)
    throw new Error(`${from}: cpus "${value}" is not a positive number of CPUs (e.g. 1.5)`);
  return Math.round(cpus * 1e9);
}

/** The directory to mount for a code location: its package (nearest package.json), else its folder. */
function locationRoot(file: string): string {
  const real = existsSync(file) ? realpathSync(file) : file;
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(real);
  }
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

interface Worker {
  container: Docker.Container;
  exited: boolean;
  done: Promise<void>;
  stopping?: Promise<void>;
  /** Set by dispose(): stop following the container without reporting an exit (it keeps running). */
  detach: AbortController;
  stream: NodeJS.ReadableStream & { destroy?(): void };
}

export function createDockerLauncher(options: DockerLauncherOptions = {}): RunLauncher {
  const {
    image: defaultImage = DEFAULT_WORKER_IMAGE,
    codeSource = "mount",
    gracePeriodMs = 5000,
    stderrTailBytes = 64 * 1024,
    env = {},
    nodeArgs = [],
    shareTranspileCache = true,
  } = options;
  if (codeSource !== "mount" && codeSource !== "image") {
    throw new Error(`launcher.options.codeSource "${String(codeSource)}" is not "mount" or "image"`);
  }
  assertWorkerEnvSettings({ set: env }, "launcher.options.env");
  // The image brings its own PATH and HOME: only what the deployment names is copied from this host.
  const inheritedEnv = workerEnvironment(options.workerEnv, { base: false });
  const engine: DockerEngine = connectDockerEngine(options);
  const mountInstanceDir = options.mountInstanceDir ?? engine.local;
  const user =
    options.user ?? (codeSource === "mount" && process.getuid ? `${process.getuid()}:${process.getgid!()}` : undefined);
  const workers = new Map<string, Worker>();

  function mountsFor(request: LaunchRequest): Docker.MountSettings[] {
    const readOnly: string[] = [];
    if (codeSource === "mount") {
      for (const dir of [WEIR_INSTALL_ROOT, LAUNCHERS_PACKAGE_ROOT, locationRoot(request.location.file)]) {
        if (!readOnly.some((m) => inside(dir, m))) readOnly.push(dir);
      }
    }
    const mounts: Docker.MountSettings[] = readOnly.map((dir) => ({ Type: "bind", Source: dir, Target: dir, ReadOnly: true }));
    if (codeSource === "mount" && shareTranspileCache) {
      // tsx's cache of transpiled files: shared with this host, a container skips transpiling the SDK
      // and the worker again (hundreds of ms per run). Keyed by content, so sharing is safe.
      const uid = user ? Number(user.split(":")[0]) : 0;
      const cache = path.join(tmpdir(), `tsx-${uid}`);
      mkdirSync(cache, { recursive: true });
      mounts.push({ Type: "bind", Source: cache, Target: `/tmp/tsx-${uid}`, ReadOnly: false });
    }
    if (mountInstanceDir) {
      // Ours to create: a fresh instance may not have written its IO-manager directory yet.
      mkdirSync(request.instanceDir, { recursive: true });
      mounts.push({ Type: "bind", Source: request.instanceDir, Target: request.instanceDir, ReadOnly: false });
    }
    for (const m of options.mounts ?? []) {
      mounts.push({ Type: "bind", Source: m.source, Target: m.target ?? m.source, ReadOnly: m.readOnly ?? false });
    }
    if (engine.local) {
      for (const m of mounts) {
        if (!existsSync(m.Source)) {
          throw new Error(
            `cannot start run ${request.runId} in Docker: the mount source ${m.Source} does not exist on this host; ` +
              (m.Source === request.instanceDir
                ? "check the instance directory"
                : "create it, or fix launcher.options.mounts / the code location path"),
          );
        }
      }
    }
    return mounts;
  }

  /** The image a run asks for, checked against allowedImages. */
  function imageFor(request: LaunchRequest): string {
    const image = request.tags?.[DOCKER_TAGS.image] ?? defaultImage;
    const allowed = options.allowedImages;
    if (
      !allowed ||
      image === defaultImage ||
      allowed.some((p) => (p.endsWith("*") ? image.startsWith(p.slice(0, -1)) : p === image))
    )
      return image;
    throw new Error(
      `cannot start run ${request.runId} in Docker: image "${image}" (tag ${DOCKER_TAGS.image}) is not allowed; ` +
        `docker.allowedImages lists ${allowed.length ? allowed.join(", ") : "none"} (and the default ${defaultImage})`,
    );
  }

  function containerSpec(request: LaunchRequest): Docker.ContainerCreateOptions {
    const tags = request.tags ?? {};
    const image = imageFor(request);
    const memory = tags[DOCKER_TAGS.memory] ?? options.memory;
    const cpus = tags[DOCKER_TAGS.cpus] ?? options.cpus;
    const encoded = encodeLaunchRequestForEnv(request);
    // One environment variable holds at most 128 KiB on Linux (MAX_ARG_STRLEN).
    if (encoded.length > 120 * 1024) {
      throw new Error(
        `cannot start run ${request.runId} in Docker: its launch request (config and tags) is ${encoded.length} bytes encoded, more than the 120 KiB an environment variable can carry; pass large inputs through a resource or a file instead of run config`,
      );
    }
    return {
      name: `weir-run-${request.runId.replace(/[^a-zA-Z0-9_.-]/g, "_")}`,
      Image: image,
      Cmd: workerCommand(nodeArgs),
      Env: [
        `${LAUNCH_REQUEST_ENV}=${encoded}`,
        // The executor abandons steps that ignore the abort before docker stop escalates to SIGKILL.
        `WEIR_CANCEL_GRACE_MS=${Math.floor(gracePeriodMs * 0.6)}`,
        ...Object.entries({ ...inheritedEnv, ...env }).map(([k, v]) => `${k}=${v}`),
      ],
      Labels: { [RUN_ID_LABEL]: request.runId, [LOCATION_LABEL]: request.location.name },
      User: user,
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      OpenStdin: false,
      HostConfig: {
        // An init as PID 1 forwards SIGTERM to node (node as PID 1 ignores it) and reaps zombies.
        Init: true,
        AutoRemove: false, // removed after wait(), so the exit code and the logs survive a server restart
        NetworkMode: tags[DOCKER_TAGS.network] ?? options.networkMode,
        Memory:
          memory !== undefined
            ? parseMemory(memory, tags[DOCKER_TAGS.memory] ? `tag ${DOCKER_TAGS.memory}` : "launcher.options.memory")
            : undefined,
        NanoCpus:
          cpus !== undefined
            ? parseCpus(cpus, tags[DOCKER_TAGS.cpus] ? `tag ${DOCKER_TAGS.cpus}` : "launcher.options.cpus")
            : undefined,
        Mounts: mountsFor(request),
      },
    };
  }

  /**
   * Reads a multiplexed output stream to its end: stdout lines become events (those with seq <= afterSeq
   * are skipped, as the store holds them), stderr feeds the tail. Resolves when the stream ends.
   */
  function consume(
    runId: string,
    stream: NodeJS.ReadableStream,
    hooks: LaunchHooks,
    stderr: OutputTail,
    afterSeq: number,
  ): Promise<void> {
    const lines = createWorkerEventLines({ launcherName: "docker", runId, hooks, stderr, afterSeq });
    const demuxer = createDockerStreamDemuxer(
      (data) => lines.push(data),
      (data) => stderr.push(data),
    );
    return new Promise((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        lines.end();
        resolve();
      };
      stream.on("data", (chunk: Buffer) => demuxer.push(chunk));
      stream.on("end", finish);
      stream.on("close", finish);
      stream.on("error", (error: Error) => {
        stderr.push(`[weir] the container's output stream failed: ${error.message}\n`);
        finish();
      });
    });
  }

  /** Waits for the container's exit and its output's end, removes it and reports the exit once. */
  function follow(
    runId: string,
    container: Docker.Container,
    stream: Worker["stream"],
    output: Promise<void>,
    stderr: OutputTail,
    hooks: LaunchHooks,
  ): Worker {
    const worker: Worker = { container, exited: false, done: Promise.resolve(), detach: new AbortController(), stream };
    worker.done = (async () => {
      let exitCode: number | null = null;
      let signal: string | null = null;
      let error: Error | undefined;
      try {
        const result = (await container.wait({ abortSignal: worker.detach.signal })) as { StatusCode: number };
        exitCode = result.StatusCode;
        worker.exited = true;
        // The output stream ends right after the exit; bound the wait in case the engine keeps it open.
        await Promise.race([output, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
        const state = (await container.inspect().catch(() => null))?.State;
        if (state?.OOMKilled) {
          stderr.push(
            `[weir] the container ran out of memory and the kernel killed it; raise launcher.options.memory or the run tag ${DOCKER_TAGS.memory}\n`,
          );
        }
        // 137 = 128 + SIGKILL: docker kill, the OOM killer, or stop's escalation (the worker never exits 137 itself).
        if (exitCode === 137) signal = "SIGKILL";
      } catch (e) {
        if (worker.detach.signal.aborted) return;
        error = explainEngineError(e, engine);
      }
      worker.exited = true;
      await container.remove({ force: true }).catch(() => undefined);
      workers.delete(runId);
      try {
        hooks.onExit(error ? { error, stderrTail: stderr.text() } : { exitCode, signal, stderrTail: stderr.text() });
      } catch (e) {
        console.error(`docker launcher: onExit of run ${runId} threw`, e);
      }
    })();
    workers.set(runId, worker);
    return worker;
  }

  async function findContainer(runId: string): Promise<Docker.ContainerInfo | undefined> {
    const found = await engine.docker.listContainers({ all: true, filters: { label: [`${RUN_ID_LABEL}=${runId}`] } });
    return found[0];
  }

  async function stop(runId: string, container: Docker.Container): Promise<void> {
    try {
      await container.stop({ t: Math.max(1, Math.ceil(gracePeriodMs / 1000)) });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 304 || status === 404) return; // already stopped, or gone
      // stop() did not finish the job: make sure the container dies.
      await container.kill().catch(() => undefined);
      if (status === undefined) console.error(`docker launcher: stopping run ${runId} failed`, error);
    }
  }

  return {
    name: "docker",

    async launch(request, hooks) {
      if (workers.has(request.runId)) throw new Error(`run ${request.runId} already has a worker container`);
      const spec = containerSpec(request);
      let container: Docker.Container;
      try {
        container = await engine.docker.createContainer(spec);
      } catch (error) {
        throw explainEngineError(error, engine, { image: spec.Image });
      }
      const stderr = createOutputTail(stderrTailBytes);
      try {
        // Attach before start, or the first lines would be missed.
        const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
        const output = consume(request.runId, stream, hooks, stderr, request.firstSeq - 1);
        await container.start();
        follow(request.runId, container, stream, output, stderr, hooks);
      } catch (error) {
        await container.remove({ force: true }).catch(() => undefined);
        throw explainEngineError(error, engine, { image: spec.Image });
      }
      return { workerInfo: { containerId: container.id, containerName: spec.name, image: spec.Image, engine: engine.where } };
    },

    async reattach(request: ReattachRequest, hooks: LaunchHooks) {
      if (workers.has(request.runId)) return true;
      let info: Docker.ContainerInfo | undefined;
      try {
        info = await findContainer(request.runId);
      } catch (error) {
        throw explainEngineError(error, engine);
      }
      if (!info) return false;
      const container = engine.docker.getContainer(info.Id);
      const stderr = createOutputTail(stderrTailBytes);
      // The engine keeps the container's whole output (json-file log): read it from the start and skip
      // the events the store already holds, so the run's log has no duplicate and no gap.
      const stream = (await container.logs({ follow: true, stdout: true, stderr: true })) as unknown as NodeJS.ReadableStream;
      const output = consume(request.runId, stream, hooks, stderr, request.afterSeq);
      follow(request.runId, container, stream, output, stderr, hooks);
      return true;
    },

    async terminate(runId) {
      const worker = workers.get(runId);
      if (worker) {
        if (worker.exited) return false;
        worker.stopping ??= stop(runId, worker.container);
        return true;
      }
      // A container this process did not start (before a restart, not reattached): stop it by label.
      const info = await findContainer(runId).catch(() => undefined);
      if (info?.State !== "running") return false;
      void stop(runId, engine.docker.getContainer(info.Id));
      return true;
    },

    async checkHealth(runId): Promise<WorkerHealth> {
      const worker = workers.get(runId);
      let info: Docker.ContainerInspectInfo | undefined;
      try {
        if (worker) {
          info = await worker.container.inspect();
        } else {
          const found = await findContainer(runId);
          if (!found) return { status: "NOT_FOUND" };
          info = await engine.docker.getContainer(found.Id).inspect();
        }
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return { status: "NOT_FOUND" };
        // Unknown is not dead: the monitor must not fail runs because the engine hiccuped.
        throw explainEngineError(error, engine);
      }
      const name = info.Name.replace(/^\//, "");
      // Exited but its output is still being read: this launcher will report the exit, the worker is not lost.
      if (worker && !info.State.Running)
        return { status: "RUNNING", detail: `container ${name} exited; delivering the rest of its output` };
      if (info.State.Running) return { status: "RUNNING", detail: `container ${name} running since ${info.State.StartedAt}` };
      if (info.State.Status === "created") return { status: "RUNNING", detail: `container ${name} is starting` };
      return {
        status: "EXITED",
        detail: `container ${name} exited with code ${info.State.ExitCode}${info.State.OOMKilled ? " (out of memory)" : ""}`,
      };
    },

    describe() {
      return {
        name: "docker",
        engine: engine.where,
        image: defaultImage,
        allowedImages: options.allowedImages ?? null,
        codeSource,
        mountInstanceDir,
        networkMode: options.networkMode ?? "bridge",
        memory: options.memory ?? null,
        cpus: options.cpus ?? null,
        mounts: options.mounts ?? [],
        user: user ?? null,
        gracePeriodMs,
        nodeArgs,
        env: redactEnv(env),
        tls: options.host
          ? { ca: redactSecret(options.ca), cert: redactSecret(options.cert), key: redactSecret(options.key) }
          : null,
      };
    },

    async dispose() {
      // Containers keep running: a restarted server reattaches to them. Stop reading their output.
      // Containers that already exited are finished normally (exit reported, container removed).
      const all = [...workers.values()];
      await Promise.all(
        all.map(async (worker) => {
          const running = worker.exited
            ? false
            : await worker.container.inspect().then(
                (i) => i.State.Running,
                () => false,
              );
          if (running) {
            worker.detach.abort();
            worker.stream.destroy?.();
          }
          await worker.done;
        }),
      );
      workers.clear();
    },
  };
}
