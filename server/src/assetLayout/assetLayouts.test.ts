// The lineage layout over the API: every asset placed, layers left to right along dependencies, laid
// out again after a reload changes the graph; a failed layout leaves the asset queries working.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { startTestApi, type TestApi } from "../../test/apiHarness.ts";
import type { CodeLocationInfo } from "../codeLocations/codeLocationManager.ts";
import { createAssetLayouts, type AssetGraphLayout } from "./assetLayouts.ts";

const GRAPH = `{ assetGraph { edges { from to } layout { nodeWidth nodeHeight positions { key x y } } } }`;

/** `deps[key]` lists the assets `key` reads. */
function source(deps: Record<string, string[]>): string {
  const keys = Object.keys(deps);
  return [
    `import { defineAsset, defineDefinitions } from "@weir/sdk";`,
    ...keys.map(
      (k) =>
        `const ${k} = defineAsset({ key: "${k}", ${deps[k]!.length ? `ins: { ${deps[k]!.join(", ")} }, ` : ""}compute: async () => 1 });`,
    ),
    `export default defineDefinitions({ assets: [${keys.join(", ")}] });`,
  ].join("\n");
}

/** The layout is computed in the background: asks until it is there. */
async function layoutOf(
  api: TestApi,
  keys: string[],
): Promise<{ layout: AssetGraphLayout; edges: { from: string; to: string }[] }> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const result = await api.gql(GRAPH);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { layout, edges } = result.data.assetGraph;
    if (layout && layout.positions.length === keys.length) return { layout, edges };
  }
  throw new Error("the asset graph was not laid out in time");
}

function assertLayered(
  { layout, edges }: { layout: AssetGraphLayout; edges: { from: string; to: string }[] },
  keys: string[],
): void {
  assert.deepEqual([layout.nodeWidth, layout.nodeHeight], [240, 78]);
  const at = new Map(layout.positions.map((p) => [p.key, p]));
  assert.deepEqual([...at.keys()].sort(), [...keys].sort());
  for (const { from, to } of edges) assert.ok(at.get(from)!.x + layout.nodeWidth <= at.get(to)!.x, `${from} is left of ${to}`);
}

test("assetGraph.layout places every asset, left to right along dependencies, and again after a reload", async () => {
  // Inside the repository, so the location resolves @weir/sdk.
  const dir = mkdtempSync(fileURLToPath(new URL("./.tmp-layout-", import.meta.url)));
  const locationDir = join(dir, "lineage");
  mkdirSync(locationDir);
  const file = join(locationDir, "definitions.ts");
  const first = { raw: [], left: ["raw"], right: ["raw"], joined: ["left", "right"], other: [] };
  writeFileSync(file, source(first));
  const api = await startTestApi({ locations: [file] });
  try {
    const keys = Object.keys(first);
    const before = await layoutOf(api, keys);
    assert.equal(before.edges.length, 4);
    assertLayered(before, keys);

    const second = { ...first, report: ["joined", "other"] };
    writeFileSync(file, source(second));
    const reloaded = await api.gql(`mutation { reloadCodeLocation(name: "lineage") { __typename } }`);
    assert.equal(reloaded.data.reloadCodeLocation.__typename, "ReloadCodeLocationSuccess");
    const after = await layoutOf(api, Object.keys(second));
    assertLayered(after, Object.keys(second));
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed layout is null, not an error, and is not retried for the same graph", async () => {
  const location = {
    name: "l",
    status: "LOADED",
    snapshot: {
      assets: [
        { key: "a", deps: [] },
        { key: "b", deps: ["a"] },
      ],
    },
  } as unknown as CodeLocationInfo;
  let attempts = 0;
  const layouts = createAssetLayouts({ list: () => [location], onChange: () => () => undefined }, pino({ level: "silent" }), {
    layout: () => (attempts++, { result: Promise.reject(new Error("ELK choked")), cancel: () => undefined }),
  });
  const assets = location.snapshot!.assets;
  assert.equal(layouts.layoutOf(assets), null);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(layouts.layoutOf(assets), null);
  assert.equal(attempts, 1);
  layouts.dispose();
});
