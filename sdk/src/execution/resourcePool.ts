// Resources of one run: created once at the start, torn down at the end whatever happened.
import type { ResourceDef } from "../definitions/types.ts";
import { serializeError } from "../events.ts";
import type { RunEvents } from "./runEvents.ts";

export class ResourceInitError extends Error {
  constructor(
    readonly resourceName: string,
    runId: string,
    cause: unknown,
  ) {
    super(`resource "${resourceName}" failed to initialize in run ${runId}: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = "ResourceInitError";
  }
}

export class ResourcePool {
  readonly values: Record<string, unknown> = {};
  private readonly created: [string, ResourceDef<unknown>][] = [];

  constructor(
    private readonly defs: Readonly<Record<string, ResourceDef<unknown>>>,
    private readonly events: RunEvents,
  ) {}

  /** Creates every resource in definition order; throws ResourceInitError (after tearing down the ones made). */
  async init(config: Record<string, unknown>): Promise<void> {
    for (const [name, def] of Object.entries(this.defs)) {
      try {
        this.values[name] = await def.create(config[name]);
        this.created.push([name, def]);
      } catch (error) {
        await this.teardown();
        throw new ResourceInitError(name, this.events.runId, error);
      }
    }
  }

  /** Reverse creation order; errors become ERROR logs so teardown never fails a finished run. */
  async teardown(): Promise<void> {
    while (this.created.length > 0) {
      const [name, def] = this.created.pop()!;
      if (!def.teardown) continue;
      try {
        await def.teardown(this.values[name]);
      } catch (error) {
        const e = serializeError(error);
        this.events.emit("LOG", `teardown of resource "${name}" failed: ${e.message}`, null, "ERROR", {
          source: "logger",
          error: e,
        });
      }
    }
  }
}
