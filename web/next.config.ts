// The UI is a static export: `weir dev` / `weir web` serve web/out and proxy /graphql (HTTP and
// websocket) to the API, so the browser always talks to its own origin and the API URL is decided at
// run time, not build time.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { NextConfig } from "next";

// The UI imports two @weir packages; it is built from their TypeScript sources (their "weir-source" export),
// so that a UI build never waits for, or reads a stale, compiled dist/. Next runs the build from web/.
const requireFromWeb = createRequire(join(process.cwd(), "package.json"));
function sourceOf(pkg: string, subpath = "."): string {
  const manifest = requireFromWeb.resolve(`${pkg}/package.json`);
  const exports = (requireFromWeb(manifest) as { exports: Record<string, { "weir-source": string }> }).exports;
  return join(dirname(manifest), exports[subpath]["weir-source"]);
}

const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  reactStrictMode: true,
  images: { unoptimized: true },
  devIndicators: false,
  // The status sets come from @weir/sdk/statuses (TypeScript source, browser-safe): Next compiles it.
  transpilePackages: ["@weir/sdk", "@weir/dag-layout"],
  turbopack: {
    resolveAlias: {
      "@weir/sdk/statuses": sourceOf("@weir/sdk", "./statuses"),
      "@weir/dag-layout": sourceOf("@weir/dag-layout"),
    },
  },
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` checks types; the build stays fast
  // `next dev` only: forward the API to WEIR_URL (websockets need the real server: use `weir web`).
  ...(process.env.NODE_ENV === "development"
    ? {
        rewrites: async () => [
          { source: "/graphql", destination: process.env.WEIR_URL ?? "http://127.0.0.1:3000/graphql" },
          // The shareable addresses, which the ui-server maps the same way (ui-server/src/staticFiles.ts).
          { source: "/runs/:id/", destination: "/run/" },
          { source: "/assets/:key+/", destination: "/asset/" },
          { source: "/jobs/:name/", destination: "/job/" },
        ],
      }
    : {}),
};

export default config;
