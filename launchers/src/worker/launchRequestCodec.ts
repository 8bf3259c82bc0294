// How a LaunchRequest reaches a run worker: as JSON on its stdin (no size limit), or, where stdin is
// not available (some container set-ups), base64 JSON in WEIR_LAUNCH_REQUEST.
import type { LaunchRequest } from "../runLauncher.ts";

export const LAUNCH_REQUEST_ENV = "WEIR_LAUNCH_REQUEST";

export function encodeLaunchRequestForEnv(request: LaunchRequest): string {
  return Buffer.from(JSON.stringify(request)).toString("base64");
}

export function parseLaunchRequest(text: string, from: string): LaunchRequest {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed.startsWith("{") ? trimmed : Buffer.from(trimmed, "base64").toString("utf8"));
  } catch (error) {
    throw new Error(`Run worker: the launch request in ${from} is not valid JSON: ${(error as Error).message}`);
  }
  const r = value as Partial<LaunchRequest> | null;
  const missing = (["runId", "location", "target", "firstSeq", "instanceDir"] as const).filter((k) => r?.[k] === undefined);
  if (!r || typeof r !== "object" || missing.length > 0) {
    throw new Error(`Run worker: the launch request in ${from} lacks ${missing.join(", ") || "everything"}`);
  }
  if (typeof r.location?.file !== "string") throw new Error(`Run worker: the launch request in ${from} has no location.file`);
  return {
    config: {},
    tags: {},
    stepSelection: null,
    parentRunId: null,
    partitionKey: null,
    ...r,
  } as LaunchRequest;
}

/** Reads the request from the environment when set, else from stdin until EOF. */
export async function readLaunchRequest(): Promise<LaunchRequest> {
  const fromEnv = process.env[LAUNCH_REQUEST_ENV];
  if (fromEnv) return parseLaunchRequest(fromEnv, `$${LAUNCH_REQUEST_ENV}`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return parseLaunchRequest(Buffer.concat(chunks).toString("utf8"), "stdin");
}
