// Assembles the Pothos schema. Types that several modules use (the enums, Run, RunEvent, Tag, the Error
// interface, Schedule, Sensor, Instance, RunsFilter) are refs their modules define as they load, and
// reach the schema through the modules that import them; everything else each module adds (its root
// fields, its own types, fields it adds to others' types) happens in its register function, called here.
import { lexicographicSortSchema, printSchema } from "graphql";
import { registerApiTokenTypes } from "../auth/apiTokenTypes.ts";
import { registerAuthErrorTypes } from "../auth/authErrorTypes.ts";
import { builder } from "./builder.ts";
import { registerAssetTypes } from "./types/assetTypes.ts";
import { registerCodeLocationTypes } from "./types/codeLocationTypes.ts";
import { registerDaemonTypes } from "./types/daemonTypes.ts";
import { registerErrorTypes } from "./types/errorTypes.ts";
import { registerInstanceTypes } from "./types/instanceTypes.ts";
import { registerInstigatorTypes } from "./types/instigatorTypes.ts";
import { registerRunMutations } from "./types/runMutations.ts";
import { registerRunQueries } from "./types/runQueries.ts";
import { registerSubscriptionTypes } from "./types/subscriptionTypes.ts";
import { registerTickTypes } from "./types/tickTypes.ts";

registerErrorTypes();
registerRunQueries();
registerRunMutations();
registerCodeLocationTypes();
registerAssetTypes();
registerInstigatorTypes();
registerInstanceTypes();
registerDaemonTypes();
registerTickTypes();
registerSubscriptionTypes();
registerAuthErrorTypes();
registerApiTokenTypes();

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql at the repo root. */
export function printWeirSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
