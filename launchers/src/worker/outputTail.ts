// Keeps the last N bytes written to a stream, so a dead child can be reported with what it printed last.
// The report lands in events and location errors any viewer reads, so the server's own secrets are
// masked in it (a child should never have them, but a mount or a config value might leak one).
import { redactServerSecrets } from "../secretRedaction.ts";

export interface OutputTail {
  push(chunk: Buffer | string): void;
  text(): string;
}

export function createOutputTail(maxBytes = 64 * 1024): OutputTail {
  let chunks: Buffer[] = [];
  let size = 0;
  return {
    push(chunk) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      size += buffer.length;
      if (size > maxBytes * 2) {
        const joined = Buffer.concat(chunks).subarray(-maxBytes);
        chunks = [joined];
        size = joined.length;
      }
    },
    text() {
      const joined = Buffer.concat(chunks);
      return redactServerSecrets(joined.subarray(Math.max(0, joined.length - maxBytes)).toString("utf8"));
    },
  };
}
