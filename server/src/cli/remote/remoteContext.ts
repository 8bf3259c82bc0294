// What every remote command shares: the client built from --url/--token (or WEIR_URL/WEIR_TOKEN),
// the output mode, and the usage error that exits 2.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { WeirClient } from "@weir/client";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Ends the process with this code after printing nothing more (e.g. a run that failed under --wait). */
export class ExitCode extends Error {
  constructor(
    readonly code: number,
    message = "",
  ) {
    super(message);
    this.name = "ExitCode";
  }
}

export interface RemoteContext {
  json: boolean;
  url: string;
  token: string | null;
  client(): Promise<WeirClient>;
}

export const COMMON_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** The API endpoint: a bare host:port or base URL gets /graphql. */
export function normaliseUrl(value: string): string {
  const url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`);
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/graphql";
  return url.href;
}

type CommandArgs<O> = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof COMMON_OPTIONS & O; allowPositionals: true; strict: true }>
>;

export function parseCommand<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O): CommandArgs<O> {
  try {
    return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function remoteContext(values: { url?: string; token?: string; json?: boolean }): RemoteContext {
  const url = normaliseUrl(values.url || process.env.WEIR_URL || "http://127.0.0.1:3000/graphql");
  const token = values.token || process.env.WEIR_TOKEN || null;
  let client: Promise<WeirClient> | undefined;
  return {
    json: Boolean(values.json),
    url,
    token,
    client: () => (client ??= import("@weir/client").then(({ createWeirClient }) => createWeirClient({ url, token }))),
  };
}

export function requirePositional(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

export function parseTags(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  return Object.fromEntries(
    values.map((pair) => {
      const i = pair.indexOf("=");
      if (i <= 0) throw new UsageError(`--tag must be KEY=VALUE, got "${pair}"`);
      return [pair.slice(0, i), pair.slice(i + 1)];
    }),
  );
}
