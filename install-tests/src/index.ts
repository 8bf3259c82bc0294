export { runCommand, runOk, userEnvironment, type CommandResult } from "./commands.ts";
export { installProject, packWeir, pointAtTarballs, REPO, scratchDir, type PackedWeir } from "./packedWeir.ts";
export { graphql, launchAndWait } from "./weirApi.ts";
export { startProjectDev, type RunningWeirDev } from "./weirDev.ts";
