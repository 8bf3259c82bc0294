// create-weir as a library: the `weir init` command of @weir/server uses it.
export { scaffoldProject, type ScaffoldOptions, type ScaffoldResult } from "./scaffoldProject.ts";
export { initProject, type InitOptions } from "./initProject.ts";
export { formatNextSteps, type NextStepsOptions } from "./nextSteps.ts";
export { ScaffoldError } from "./scaffoldError.ts";
export { WEIR_VERSION } from "./packageJson.ts";
