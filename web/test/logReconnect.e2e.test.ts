// A lost websocket in a real Chromium: the run page's log reconnects and resumes from the last event it
// had, so the log ends with every event of the run exactly once, in seq order. The page's websockets go
// through a Playwright route the test can cut, like a dropped connection, while the run keeps logging.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Page, WebSocketRoute } from "playwright-core";
import { screenshot } from "./support/artifacts.ts";
import { browserSuite } from "./support/browserSuite.ts";
import { waitUntil } from "./support/waitUntil.ts";

const suite = browserSuite();

interface GraphqlWsMessage {
  id?: string;
  type: string;
  payload?: { query?: string; variables?: { after?: number }; data?: { runEvents?: { cursor: number } } };
}

/** The page's websockets, relayed to the server through routes the test can cut and refuse. */
async function cuttableSockets(page: Page) {
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  // `resumedAfter`: the cursor of each runEvents subscription the page sent; `delivered`: the last
  // runEvents cursor handed to the page.
  const state = { down: false, resumedAfter: [] as number[], delivered: 0 };
  const runEventIds = new Set<string>();
  await page.routeWebSocket(
    (url) => url.pathname === "/graphql",
    (ws) => {
      if (state.down) return void ws.close({ code: 1001, reason: "network down (test)" });
      const connection = { page: ws, server: ws.connectToServer() };
      open.add(connection);
      ws.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as GraphqlWsMessage;
        if (message.type === "subscribe" && message.id && message.payload?.query?.includes("runEvents(")) {
          runEventIds.add(message.id);
          state.resumedAfter.push(message.payload.variables?.after ?? 0);
        }
        connection.server.send(raw);
      });
      connection.server.onMessage((raw) => {
        if (!open.has(connection)) return;
        ws.send(raw);
        const message = JSON.parse(String(raw)) as GraphqlWsMessage;
        const cursor =
          message.type === "next" && message.id && runEventIds.has(message.id)
            ? message.payload?.data?.runEvents?.cursor
            : undefined;
        if (cursor) state.delivered = cursor;
      });
    },
  );
  return {
    state,
    /** Drops every open socket (the page sees it close) and refuses new ones until `restore`. */
    cut() {
      state.down = true;
      for (const connection of open) {
        void connection.page.close({ code: 1001, reason: "network down (test)" }).catch(() => undefined);
        void connection.server.close().catch(() => undefined);
      }
      open.clear();
    },
    restore() {
      state.down = false;
    },
  };
}

/** The seq of every row the log shows, top to bottom, scrolling through the virtualized list. */
function shownSeqs(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>("[data-testid=log-scroll]")!;
    const byIndex = new Map<number, number>();
    scroller.scrollTop = 0;
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      for (const slot of scroller.querySelectorAll<HTMLElement>("[data-index]")) {
        byIndex.set(Number(slot.dataset.index), Number(slot.querySelector<HTMLElement>("[data-seq]")!.dataset.seq));
      }
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      scroller.scrollTop += Math.max(1, Math.floor(scroller.clientHeight / 2));
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, seq]) => seq);
  });
}

async function storedSeqs(runId: string): Promise<number[]> {
  const { runEvents } = await suite.weir.gql(
    `query($id: ID!) { runEvents(runId: $id, first: 10000) { edges { node { seq } } } }`,
    { id: runId },
  );
  return runEvents.edges.map((e: { node: { seq: number } }) => e.node.seq);
}

test("a lost websocket reconnects and the log resumes from its last event: every event once, in order, through SUCCESS", async () => {
  const page = await suite.page();
  const sockets = await cuttableSockets(page);
  const { launchRun } = await suite.weir.gql(
    `mutation { launchRun(input: { job: "steady_ticks" }) { ... on LaunchRunSuccess { run { id } } } }`,
  );
  const runId: string = launchRun.run.id;
  await page.goto(`${suite.weir.webUrl}/runs/${runId}`);

  // The live stream is flowing over the websocket.
  await page.locator("[data-testid=socket-state][data-state=connected]").waitFor();
  await waitUntil(async () => sockets.state.delivered >= 8, { what: "live events over the websocket" });

  sockets.cut();
  const cutAt = sockets.state.delivered;
  await page.locator("[data-testid=socket-state][data-state=reconnecting]").waitFor();
  // The run keeps logging while the page is cut off.
  await waitUntil(async () => (await storedSeqs(runId)).length >= cutAt + 10, { what: "events stored during the outage" });
  sockets.restore();

  await page.locator("[data-testid=socket-state][data-state=connected]").waitFor();
  await waitUntil(async () => sockets.state.delivered > cutAt + 10, { what: "the log streaming again after the reconnect" });
  // It resubscribed once, from the last event it had: not from the start, nor from its head.
  assert.deepEqual(sockets.state.resumedAfter.slice(1), [cutAt]);

  const finish = join(suite.weir.instanceDir, "fixture-state");
  mkdirSync(finish, { recursive: true });
  writeFileSync(join(finish, `finish-${runId}`), "");
  await page.locator("[data-testid=log-viewer] [data-type=RUN_SUCCESS]").waitFor();
  await page.locator("h1 [data-status=SUCCESS]").waitFor();
  await screenshot(page, "log-resumed-after-websocket-loss");

  const stored = await storedSeqs(runId);
  assert.ok(stored.length > cutAt + 10, `the run logged through the outage (${stored.length} events, cut at ${cutAt})`);
  assert.deepEqual(await shownSeqs(page), stored);
  await page
    .getByTestId("log-count")
    .filter({ hasText: `${stored.length} events` })
    .waitFor();
  await page.close();
});
