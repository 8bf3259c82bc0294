// Launches the system's Chromium (installed by scripts/chromium.sh) through playwright-core, with the
// flags that keep it quiet and fast on a closed network and a fresh profile every time.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.WEIR_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1440, height: 960 }): Promise<Browser> {
  if (!chromiumAvailable()) throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/chromium.sh`);
  const userDataDir = mkdtempSync(join(tmpdir(), "weir-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A browser without a profile of its own: each `newContext()` is a new visitor (empty cache and storage). */
export async function launchVisitorBrowser(): Promise<PlaywrightBrowser> {
  if (!chromiumAvailable()) throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/chromium.sh`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
