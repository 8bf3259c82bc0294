// Encodes one event into the JSON row the batch statement reads (eventBatchWriter.ts), when it is appended:
// a value JSON cannot hold (BigInt, a cycle) or a line of hundreds of megabytes is dealt with here, for
// that event alone, instead of failing a whole batch later. An event over the size cap is stored cut
// down: its message truncated and the data entries that do not fit left out, with
// `data.truncated = { originalBytes, maxEventBytes, fields }` saying what was cut.
import { statusAfterEvent, type WeirEvent } from "@weir/sdk";
import { stepStatusAfterEvent } from "./stepStatus.ts";

/** One event, encoded: what is stored (possibly cut down) and its size. */
export interface EncodedEvent {
  /** The event as it is stored and published (a copy when it was truncated). */
  event: WeirEvent;
  /** JSON array in the column order of the batch statement; trailing nulls left off. */
  row: string;
  /** The same with the run and step status it leads to, for events that change a run, a step or an asset. */
  derived: string | null;
  /** UTF-8 bytes of row and derived together. */
  bytes: number;
}

export interface TruncationRecord {
  /** Bytes of the event's message and data as they were appended (data: when it could be encoded). */
  originalBytes: number;
  maxEventBytes: number;
  /** What was cut: "message", or "data.<key>" for each data entry left out. */
  fields: string[];
  /** Why a data entry could not be encoded at all (BigInt, a cycle), when that was the reason. */
  encodingError?: string;
}

/** Room left for the other columns and the truncation record itself. */
const ROW_OVERHEAD = 1024;
const TRUNCATED_SUFFIX = " … [truncated]";

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return "";
  // Every UTF-16 unit is at least one byte: a prefix of maxBytes units is the most that can fit.
  let cut = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  if (utf8Bytes(cut) > maxBytes) {
    const bytes = Buffer.from(cut, "utf8");
    // Back off to the start of the character the limit falls in (continuation bytes are 10xxxxxx).
    let end = maxBytes;
    while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
    cut = bytes.subarray(0, end).toString("utf8");
  }
  // A high surrogate without its pair: PostgreSQL's jsonb refuses it.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/** JSON of `value`, or the reason it has none (BigInt, a cycle, a string too long for the engine). */
function tryJson(value: unknown): { json: string } | { error: string } {
  try {
    return { json: JSON.stringify(value) ?? "null" };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The data entries that encode and fit `budget` bytes, in order; the others are recorded as cut. */
function fittingEntries(data: Record<string, unknown>, budget: number, record: TruncationRecord): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  let used = 2;
  for (const [key, value] of Object.entries(data)) {
    if (key === "truncated") continue;
    const encoded = tryJson(value);
    if ("error" in encoded) {
      record.fields.push(`data.${key}`);
      record.encodingError ??= `data.${key}: ${encoded.error}`;
      continue;
    }
    const size = utf8Bytes(encoded.json) + utf8Bytes(key) + 4;
    if (used + size > budget) {
      record.fields.push(`data.${key}`);
      continue;
    }
    kept[key] = value;
    used += size;
  }
  return kept;
}

/**
 * Encodes an event for the batch statement, cutting it down to `maxEventBytes` (message and data) when it
 * is larger or when part of its data cannot be encoded. Never throws for the event's content.
 */
export function encodeEvent(event: WeirEvent, maxEventBytes: number): EncodedEvent {
  let message = typeof event.message === "string" ? event.message : String(event.message ?? "");
  let data: Record<string, unknown> | null = event.data ?? null;
  const messageBytes = utf8Bytes(message);
  const whole = data === null ? { json: "null" } : tryJson(data);
  let dataJson = "json" in whole ? whole.json : undefined;
  const budget = Math.max(0, maxEventBytes - ROW_OVERHEAD);
  let truncated = false;

  if (dataJson === undefined || messageBytes + utf8Bytes(dataJson) > budget) {
    truncated = true;
    const dataBytes = dataJson === undefined ? 0 : utf8Bytes(dataJson);
    const record: TruncationRecord = { originalBytes: messageBytes + dataBytes, maxEventBytes, fields: [] };
    // The data keeps what the message leaves and at least half the budget: it carries what the
    // derivations and the UI read (error, reason, assetKey).
    const dataBudget = budget - Math.min(messageBytes, budget / 2);
    if (data !== null && (dataJson === undefined || dataBytes > dataBudget)) {
      if (typeof data === "object" && !Array.isArray(data)) data = fittingEntries(data, dataBudget, record);
      else {
        data = {};
        record.fields.push("data");
      }
      // The entry that failed names the problem best; the whole object's error is the fallback.
      if ("error" in whole) record.encodingError ??= whole.error;
    }
    const messageBudget = budget - utf8Bytes(JSON.stringify(data ?? {})) - 256;
    if (messageBytes > messageBudget) {
      record.fields.unshift("message");
      message = cutUtf8(message, Math.max(0, messageBudget - utf8Bytes(TRUNCATED_SUFFIX))) + TRUNCATED_SUFFIX;
    }
    data = { ...(data ?? {}), truncated: record };
    dataJson = JSON.stringify(data);
  }

  const stored: WeirEvent = truncated ? { ...event, message, data } : event;
  const head: unknown[] = [
    event.runId,
    event.seq,
    event.type,
    event.timestamp,
    message,
    event.stepKey ?? null,
    event.level ?? null,
  ];
  const headJson = JSON.stringify(head);
  let row: string;
  if (dataJson !== "null") row = `${headJson.slice(0, -1)},${dataJson}]`;
  else {
    while (head.length > 5 && head[head.length - 1] === null) head.pop();
    row = JSON.stringify(head);
  }
  const runStatus = statusAfterEvent(event.type);
  const stepStatus = event.stepKey ? stepStatusAfterEvent(event.type) : undefined;
  const derived =
    runStatus !== undefined || stepStatus !== undefined || event.type === "ASSET_MATERIALIZATION"
      ? `${headJson.slice(0, -1)},${dataJson},${JSON.stringify(runStatus ?? null)},${JSON.stringify(stepStatus ?? null)}]`
      : null;
  return { event: stored, row, derived, bytes: utf8Bytes(row) + (derived === null ? 0 : utf8Bytes(derived)) };
}
