// `weir docker build-image [--tag T] [--definitions FILE]`: builds the run worker image on the engine the
// deployment's docker launcher uses (config, else DOCKER_HOST, else the local socket), with no registry.
import { buildWorkerImage, connectDockerEngine, DEFAULT_WORKER_IMAGE, type DockerEngineOptions } from "@weir/launchers";
import { ConfigError, resolveConfig, type ConfigFlags } from "../config/weirConfig.ts";

export const DOCKER_USAGE = `usage: weir docker build-image [--tag NAME:TAG] [--definitions FILE] [--config FILE]

  Builds the image the docker launcher runs workers in, from this host's node (no registry needed).
  --tag NAME:TAG       image name (default: launcher.options.image from the config, else ${DEFAULT_WORKER_IMAGE})
  --definitions FILE   bake this code location, the Weir install and node_modules into the image, for
                       launcher.options.codeSource "image" (a remote engine, or no bind mounts)`;

export async function dockerCommand(subcommand: string | undefined, flags: ConfigFlags & { tag?: string }): Promise<void> {
  if (subcommand !== "build-image")
    throw new ConfigError("the command line", `unknown docker command "${subcommand ?? ""}"\n\n${DOCKER_USAGE}`);
  if ((flags.definitions?.length ?? 0) > 1)
    throw new ConfigError("--definitions", "weir docker build-image bakes one code location per image; pass --definitions once");
  const config = await resolveConfig({ ...flags, definitions: undefined });
  const launcherOptions =
    "kind" in config.launcher && config.launcher.kind === "docker"
      ? (config.launcher.options as DockerEngineOptions & { image?: string })
      : {};
  const engine = connectDockerEngine(launcherOptions);
  const tag = flags.tag ?? launcherOptions.image ?? DEFAULT_WORKER_IMAGE;
  const definitions = flags.definitions?.[0];
  console.log(`building ${tag} on the Docker engine at ${engine.where}${definitions ? ` with ${definitions} baked in` : ""}`);
  const built = await buildWorkerImage({ engine, tag, definitions, log: (line) => console.log(`  ${line}`) });
  console.log(`built ${built.tag} (${built.id.slice(0, 19)}) in ${(built.ms / 1000).toFixed(1)} s`);
  if (definitions) {
    console.log(`use it with: launcher: { kind: "docker", options: { image: "${tag}", codeSource: "image" } }`);
  } else if (tag !== DEFAULT_WORKER_IMAGE && !launcherOptions.image) {
    console.log(`use it with: launcher: { kind: "docker", options: { image: "${tag}" } }`);
  }
}
