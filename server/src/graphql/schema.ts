// Assembles the Pothos schema: importing each types module registers its types and fields.
import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.ts";
import "./types/errorTypes.ts";
import "./types/enums.ts";
import "./types/runEventTypes.ts";
import "./types/runTypes.ts";
import "./types/runQueries.ts";
import "./types/runMutations.ts";
import "./types/codeLocationTypes.ts";
import "./types/assetTypes.ts";
import "./types/instigatorTypes.ts";
import "./types/instanceTypes.ts";
import "./types/daemonTypes.ts";
import "./types/tickTypes.ts";
import "./types/subscriptionTypes.ts";
import "../auth/authErrorTypes.ts";
import "../auth/apiTokenTypes.ts";

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql at the repo root. */
export function printWeirSchema(): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
