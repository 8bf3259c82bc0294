// One `weir dev` and one Chromium shared by a test file; fails (never skips) when Chromium is missing.
import { after, before } from "node:test";
import type { Page } from "playwright-core";
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from "./chromium.ts";
import { startWeirDev, type WeirDev } from "./weirDev.ts";

export interface Suite {
  weir: WeirDev;
  browser: Browser;
  page(): Promise<Page>;
}

export function browserSuite(): Suite {
  const suite = {} as Suite;
  before(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium is missing at ${CHROMIUM}; run scripts/chromium.sh (npm test does)`);
    const [weir, browser] = await Promise.all([startWeirDev(), launchBrowser()]);
    suite.weir = weir;
    suite.browser = browser;
    suite.page = async () => {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(20_000);
      page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
      return page;
    };
  });
  after(async () => {
    await suite.browser?.close();
    await suite.weir?.stop();
  });
  return suite;
}
