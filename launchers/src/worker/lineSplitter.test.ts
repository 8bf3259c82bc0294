import assert from "node:assert/strict";
import { test } from "node:test";
import { createLineSplitter } from "./lineSplitter.ts";

function split(chunks: (string | Buffer)[]): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

test("lines split across chunks, several per chunk, CRLF and a last line without newline", () => {
  assert.deepEqual(split(["a\nb", "c\n", "\n", "d\r\ne"]), ["a", "bc", "", "d", "e"]);
});

test("a multi-byte character cut between chunks survives", () => {
  const bytes = Buffer.from("é€\n");
  assert.deepEqual(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]), ["é€"]);
});

test("a 10 MB line fed in 64 KB chunks", () => {
  const line = "y".repeat(10 * 1024 * 1024);
  const all = Buffer.from(`${line}\nnext\n`);
  const chunks: Buffer[] = [];
  for (let i = 0; i < all.length; i += 65536) chunks.push(all.subarray(i, i + 65536));
  const lines = split(chunks);
  assert.equal(lines.length, 2);
  assert.equal(lines[0].length, line.length);
  assert.equal(lines[1], "next");
});
