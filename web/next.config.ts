// The UI is a static export: `weir dev` / `weir web` serve web/out and proxy /graphql (HTTP and
// websocket) to the API, so the browser always talks to its own origin and the API URL is decided at
// run time, not build time.
import type { NextConfig } from "next";

const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  reactStrictMode: true,
  images: { unoptimized: true },
  devIndicators: false,
  // The status sets come from @weir/sdk/statuses (TypeScript source, browser-safe): Next compiles it.
  transpilePackages: ["@weir/sdk"],
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` checks types; the build stays fast
  // `next dev` only: forward the API to WEIR_URL (websockets need the real server: use `weir web`).
  ...(process.env.NODE_ENV === "development"
    ? { rewrites: async () => [{ source: "/graphql", destination: process.env.WEIR_URL ?? "http://127.0.0.1:3000/graphql" }] }
    : {}),
};

export default config;
