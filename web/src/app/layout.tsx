import type { Metadata } from "next";
import type { ReactNode } from "react";
import "@fontsource/inter/400.css";
import "@fontsource/inter/500.css";
import "@fontsource/inter/600.css";
import "@fontsource/jetbrains-mono/400.css";
import "@xyflow/react/dist/style.css";
import "./globals.css";
import { AppShell } from "@/components/shell/AppShell";
import { logHeadPreloadScript } from "@/features/run/logHeadPreload";

export const metadata: Metadata = {
  title: "Weir",
  description: "Watch, launch and steer your data pipelines.",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {/* Runs before the bundles load: a run page's log head is on its way while they do. */}
        <script dangerouslySetInnerHTML={{ __html: logHeadPreloadScript() }} />
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
