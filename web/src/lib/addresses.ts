// The UI's shareable addresses: /runs/RUN_ID/, /assets/KEY/ (an asset key's segments are path segments,
// so "raw/orders" is /assets/raw/orders/), /jobs/NAME/. The static export has one page per kind (run/,
// asset/, job/); the web server serves it at these paths (ui-server/src/staticFiles.ts) and the page reads
// the id from the path, else from the older query form (/run/?id=, /asset/?key=, /job/?name=), which
// keeps working. Links end with "/" because the export's links do (trailingSlash), so the address bar
// shows the same form whether a page was opened from a link or pasted.

export type AddressKind = "run" | "asset" | "job";

/** The list page whose path the shareable address extends, and the old query form's parameter. */
const KINDS: Record<AddressKind, { list: string; param: string }> = {
  run: { list: "/runs/", param: "id" },
  asset: { list: "/assets/", param: "key" },
  job: { list: "/jobs/", param: "name" },
};

export function runPath(id: string): string {
  return `/runs/${encodeURIComponent(id)}/`;
}

export function assetPath(key: string): string {
  return `/assets/${key.split("/").map(encodeURIComponent).join("/")}/`;
}

export function jobPath(name: string, tab?: "launchpad"): string {
  return `/jobs/${encodeURIComponent(name)}/${tab ? `?tab=${tab}` : ""}`;
}

/** The run id, asset key or job name in a shareable address's path, or null when the path is not one. */
export function addressFromPath(kind: AddressKind, pathname: string): string | null {
  const { list } = KINDS[kind];
  if (!pathname.startsWith(list)) return null;
  const segments = pathname.slice(list.length).split("/").filter(Boolean);
  if (!segments.length) return null;
  try {
    return segments.map(decodeURIComponent).join("/");
  } catch {
    return null; // a malformed escape: not an address this UI made
  }
}

/** The page's subject: from the shareable path, else from the old query form's parameter ("" when neither). */
export function addressOf(kind: AddressKind, pathname: string, search: URLSearchParams | null): string {
  return addressFromPath(kind, pathname) ?? search?.get(KINDS[kind].param) ?? "";
}
