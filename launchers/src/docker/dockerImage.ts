// Builds the run worker's image without a registry or a Dockerfile: this host's own node binary and the
// libraries it links, a /tmp and an /etc/passwd, imported as one layer (`docker import`). With a code
// location, the Weir install (with node_modules) and the location's package are copied in at their host
// paths, so the launcher's worker command and the launch request's file paths work unchanged inside it.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { explainEngineError, type DockerEngine } from "./dockerEngine.ts";
import { DEFAULT_WORKER_IMAGE, WEIR_INSTALL_ROOT } from "./dockerLauncher.ts";

export interface BuildWorkerImageOptions {
  engine: DockerEngine;
  /** Image name:tag (default weir-worker:latest). */
  tag?: string;
  /** A code location to bake in (with the Weir install and node_modules): for codeSource "image". */
  definitions?: string;
  /** The node binary to copy (default: the one running this process). */
  nodeBinary?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface BuiltWorkerImage {
  tag: string;
  id: string;
  /** Host directories copied in at the same paths (empty for the base image). */
  baked: string[];
  ms: number;
}

/** Paths under the Weir install that a worker never needs (VCS, build caches, instance data, the web UI build). */
const EXCLUDES = [".git", ".weir", ".turbo", "node_modules/.cache", "web/.next", "bench/results", "*.log"];

/** The shared libraries `ldd` lists for a binary, including the dynamic loader. */
function linkedLibraries(binary: string): string[] {
  const out = execFileSync("ldd", [binary], { encoding: "utf8" });
  const libs: string[] = [];
  for (const line of out.split("\n")) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match) libs.push(match[1]!);
  }
  return libs;
}

function stageBase(dir: string, nodeBinary: string): void {
  const copy = (from: string, to: string) => {
    mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    // The real file under the linked name: the image has no symlink targets of its own.
    copyFileSync(realpathSync(from), path.join(dir, to));
  };
  copy(nodeBinary, "/usr/bin/node");
  chmodSync(path.join(dir, "usr/bin/node"), 0o755);
  for (const lib of linkedLibraries(nodeBinary)) copy(lib, lib);
  mkdirSync(path.join(dir, "tmp"), { recursive: true });
  chmodSync(path.join(dir, "tmp"), 0o1777);
  mkdirSync(path.join(dir, "etc"), { recursive: true });
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  // An entry for the server's user too: the launcher runs workers as it, so instance files stay its own.
  const users = ["root:x:0:0:root:/root:/bin/sh", "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"];
  if (uid !== 0 && uid !== 65534) users.push(`weir:x:${uid}:${gid}:weir:/tmp:/usr/sbin/nologin`);
  writeFileSync(path.join(dir, "etc/passwd"), `${users.join("\n")}\n`);
  writeFileSync(
    path.join(dir, "etc/group"),
    `root:x:0:\nnogroup:x:65534:\n${gid !== 0 && gid !== 65534 ? `weir:x:${gid}:\n` : ""}`,
  );
  mkdirSync(path.join(dir, "root"), { recursive: true });
}

/** Host directories a code location needs inside the image: the Weir install and the location's package. */
function bakedDirectories(definitions: string): string[] {
  const file = path.resolve(definitions);
  if (!existsSync(file))
    throw new Error(
      `cannot bake ${definitions} into the image: the file does not exist; pass --definitions with the path of a code location`,
    );
  const dirs = [WEIR_INSTALL_ROOT];
  let root = path.dirname(realpathSync(file));
  for (let dir = root; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) {
      root = dir;
      break;
    }
  }
  if (path.relative(WEIR_INSTALL_ROOT, root).startsWith("..")) dirs.push(root);
  return dirs;
}

export async function buildWorkerImage(options: BuildWorkerImageOptions): Promise<BuiltWorkerImage> {
  const { engine, tag = DEFAULT_WORKER_IMAGE, log = () => {} } = options;
  const started = Date.now();
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const [repo, version = "latest"] = splitTag(tag);
  const baked = options.definitions ? bakedDirectories(options.definitions) : [];
  const previous = await engine.docker
    .getImage(tag)
    .inspect()
    .then(
      (i) => i.Id as string,
      () => null,
    );
  const dir = mkdtempSync(path.join(tmpdir(), "weir-image-"));
  try {
    stageBase(dir, nodeBinary);
    log(`staged ${nodeBinary} and its libraries in ${dir}`);
    // One tar stream: the staged root, then each baked directory at its absolute path.
    const args = ["-c", "--warning=no-file-changed", "-C", dir, "."];
    for (const b of baked) {
      args.push(...EXCLUDES.map((e) => `--exclude=${path.join(b, e).slice(1)}`), "-C", "/", b.slice(1));
      log(`baking ${b} into the image`);
    }
    const tar = spawn("tar", args, { stdio: ["ignore", "pipe", "pipe"] });
    let tarErrors = "";
    tar.stderr.on("data", (chunk: Buffer) => (tarErrors += chunk.toString()));
    const tarDone = new Promise<number | null>((resolve) => tar.once("close", resolve));
    let response: NodeJS.ReadableStream;
    try {
      response = (await engine.docker.importImage(tar.stdout, {
        repo,
        tag: version,
        changes: ["ENV PATH=/usr/bin:/bin"],
      } as object)) as NodeJS.ReadableStream;
    } catch (error) {
      tar.kill();
      throw explainEngineError(error, engine);
    }
    const progress = await new Promise<string>((resolve, reject) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve(text));
      response.on("error", reject);
    });
    const tarCode = await tarDone;
    // GNU tar exits 1 when a file changed while it was read (an editor saving): the image is still whole.
    if (tarCode === 1) log(`tar warned: ${tarErrors.trim()}`);
    else if (tarCode !== 0) throw new Error(`building ${tag}: tar failed (exit ${tarCode}): ${tarErrors.trim()}`);
    const failure = /"error"\s*:\s*"([^"]*)"/.exec(progress);
    if (failure) throw new Error(`the Docker engine at ${engine.where} refused the image ${tag}: ${failure[1]}`);
    const image = (await engine.docker.getImage(tag).inspect()) as Docker.ImageInspectInfo;
    // The image this tag named before is now untagged: remove it unless a container still uses it.
    if (previous && previous !== image.Id)
      await engine.docker
        .getImage(previous)
        .remove()
        .catch(() => undefined);
    return { tag, id: image.Id, baked, ms: Date.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function splitTag(tag: string): [string, string | undefined] {
  const slash = tag.lastIndexOf("/");
  const colon = tag.lastIndexOf(":");
  return colon > slash ? [tag.slice(0, colon), tag.slice(colon + 1)] : [tag, undefined];
}

/** True when the engine has the image. */
export async function workerImageExists(engine: DockerEngine, tag = DEFAULT_WORKER_IMAGE): Promise<boolean> {
  try {
    await engine.docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw explainEngineError(error, engine);
  }
}
