// The head of a run's log, requested by a small inline script in the page's HTML while the JavaScript
// bundles still load, so a full page load of /runs/ID/ (or /run/?id=...) has its first rows' data by the time React
// mounts; the run page's log stream takes it (once) instead of asking again. Client-side navigations
// never run the script and simply query.
import { API_TOKEN_STORAGE_KEY } from "@/graphql/apiToken";
import { stringifyDocument } from "@urql/core";
import { RunLogHeadDocument } from "@/graphql/generated/graphql";
import type { RunEvent } from "@/graphql/types";

export const LOG_HEAD_SIZE = 200;
const SLOT = "__weirLogHead";

type HeadBody = { data?: { runEvents?: { edges: { node: RunEvent }[] } | null } | null };
type Preloaded = { runId: string; body: Promise<HeadBody> };

/** The inline script (plain JavaScript, run before any bundle): on the run page only, starts the request. */
export function logHeadPreloadScript(apiUrl = process.env.NEXT_PUBLIC_WEIR_URL ?? "/graphql"): string {
  const query = JSON.stringify(stringifyDocument(RunLogHeadDocument));
  return `(function(){try{
var p=/^\\/runs\\/([^/]+)\\/?$/.exec(location.pathname),id=p?decodeURIComponent(p[1]):/^\\/run\\/?$/.test(location.pathname)?new URLSearchParams(location.search).get("id"):null;if(!id)return;
var h={"content-type":"application/json","x-weir-request":"weir-web"},t=localStorage.getItem(${JSON.stringify(API_TOKEN_STORAGE_KEY)});if(t)h.authorization="Bearer "+t;
window.${SLOT}={runId:id,body:fetch(${JSON.stringify(apiUrl)},{method:"POST",headers:h,body:JSON.stringify({query:${query},variables:{runId:id,first:${LOG_HEAD_SIZE}}})}).then(function(r){return r.json()})};
}catch(e){}})();`;
}

/** The preloaded head of this run's log (taken once), or null when none was requested or it failed. */
export function takePreloadedLogHead(runId: string): Promise<RunEvent[] | null> | null {
  const slot = window as unknown as Record<typeof SLOT, Preloaded | undefined>;
  const preloaded = slot[SLOT];
  if (!preloaded || preloaded.runId !== runId) return null;
  delete slot[SLOT];
  return preloaded.body.then(
    (body) => body.data?.runEvents?.edges.map((e) => e.node) ?? null,
    () => null,
  );
}
