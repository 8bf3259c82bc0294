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
  /** The request header the content depends on, for the browser's cache. */
  vary?: string;
}

/**
 * The shareable addresses of one run, asset or job (/runs/RUN_ID/, /assets/raw/orders/, /jobs/NAME/) and
 * the exported page that shows them: the export holds one page per kind (run/, asset/, job/), which reads
 * the id from the address bar. Serving that page's files at the address, rather than a page per id
 * (`generateStaticParams` needs every id at build time) or a redirect to the query form, keeps the
 * address shareable, and Next's router accepts it: it renders the tree the files describe whatever the
 * URL, as with a rewrite. Its client navigations fetch the page's RSC files under the same address
 * (/runs/RUN_ID/__next._tree.txt), so those map to the page's too. Checked in Chromium, loads and in-app
 * navigation alike: web/test/shareableAddresses.e2e.test.ts.
 */
const DETAIL_PAGES: { list: string; page: string }[] = [
  { list: "/runs/", page: "/run/" },
  { list: "/assets/", page: "/asset/" },
  { list: "/jobs/", page: "/job/" },
];
/** The RSC payload files of an exported page, fetched by Next's client router. */
const RSC_FILE = /^(index\.txt|__next\.[A-Za-z0-9_.$-]+\.txt)$/;

export interface RequestKind {
  /** The request is one of Next's RSC fetches (header `RSC: 1`), not a page load. */
  rsc?: boolean;
}

/**
 * The path in the export that serves `urlPath`: a shareable address maps to its page's file, any other
 * path to itself. Null for an address that names "." or ".." (refused like any path escaping the export).
 * Only an RSC fetch ends in a payload file name: an asset key may end in "index.txt" too.
 */
export function exportPath(urlPath: string, { rsc = false }: RequestKind = {}): string | null {
  const detail = DETAIL_PAGES.find(({ list }) => urlPath.startsWith(list));
  if (!detail) return urlPath;
  const segments = urlPath.slice(detail.list.length).split("/").filter(Boolean);
  const file = rsc && RSC_FILE.test(segments.at(-1) ?? "") ? segments.pop() : undefined;
  if (!segments.length) return urlPath; // the list page itself, or its own files
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded.split(/[/\\]/).some((part) => part === "." || part === "..")) return null;
  }
  return detail.page + (file ?? "");
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function resolveStaticFile(root: string, urlPath: string, request: RequestKind = {}): StaticFile | null {
  const exported = exportPath(urlPath, request);
  if (exported === null) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(exported);
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
    // One address answers a page load with HTML and an RSC fetch with its payload.
    vary: exported === urlPath ? undefined : "RSC",
  };
}
