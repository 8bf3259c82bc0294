import type { z } from "zod";
import type { ConfigOf, ResourceDef } from "./types.ts";

export interface ResourceSpec<R, C extends z.ZodType | undefined> {
  /** Validates `resources.<name>` of the run config. */
  config?: C;
  create: (config: ConfigOf<C>) => Promise<R> | R;
  /** Called once at the end of the run, even when it failed; errors are logged, not thrown. */
  teardown?: (resource: R) => Promise<void> | void;
}

export function defineResource<R, C extends z.ZodType | undefined = undefined>(spec: ResourceSpec<R, C>): ResourceDef<R> {
  return { kind: "resource", config: spec.config, create: spec.create as ResourceDef<R>["create"], teardown: spec.teardown };
}
