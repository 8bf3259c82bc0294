// Maps a URL path to a file of the static export, with its content type and cache policy.
import { existsSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

export interface StaticFile {
  path: string;
  contentType: string;
  cacheControl: string;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, "");
  if (relative.split(sep).includes("..")) return null;
  const base = join(root, relative);
  const candidates = [base, join(base, "index.html"), `${base}.html`];
  const path = candidates.find(isFile);
  if (!path) return null;
  const immutable = relative.startsWith(`_next${sep}static${sep}`);
  return {
    path,
    contentType: TYPES[extname(path)] ?? "application/octet-stream",
    cacheControl: immutable ? "public, max-age=31536000, immutable" : "no-cache",
  };
}
