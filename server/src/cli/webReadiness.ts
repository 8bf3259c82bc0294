// When the web UI's address may be printed: once a GET of it returns the UI's own page. In a checkout the
// web server first answers 503 with a "building" page while the UI builds; printing the address then
// sends people (and scripts) to a page that is not the UI yet.
import type { Logger } from "pino";

export interface StartedWebUi {
  url: string;
  /** Settles once the UI's build is over, built or failed (at once when it was fresh). */
  ready: Promise<void>;
}

/** Whether a GET of the UI's address returns its index page, or why not. */
async function fetchIndexPage(url: string): Promise<{ ok: true } | { ok: false; status: number | null; reason: string }> {
  try {
    const response = await fetch(url, { headers: { accept: "text/html" }, cache: "no-store" });
    await response.body?.cancel();
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 200 && type.startsWith("text/html")) return { ok: true };
    return { ok: false, status: response.status, reason: `HTTP ${response.status} ${type}`.trim() };
  } catch (error) {
    return { ok: false, status: null, reason: (error as Error).message };
  }
}

/**
 * Resolves true once the UI answers with its page, false (after logging why) when its build failed or the
 * page is not there, or when `stopping()` says the process is shutting down meanwhile.
 */
export async function waitForWebUi(web: StartedWebUi, log: Logger, stopping: () => boolean = () => false): Promise<boolean> {
  const first = await fetchIndexPage(web.url);
  if (first.ok) return true;
  if (first.status === 503) log.info("the web UI is building: its address is printed once it answers; the API serves meanwhile");
  await web.ready;
  if (stopping()) return false;
  const answer = await fetchIndexPage(web.url);
  if (answer.ok) return true;
  if (!stopping()) log.error(`the web UI does not answer at ${web.url} (${answer.reason}); the API keeps serving`);
  return false;
}
