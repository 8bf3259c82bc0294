"use client";
import type { ReactNode } from "react";
import { WeirProvider } from "@/graphql/WeirProvider";
import { Sidebar } from "./Sidebar";
import styles from "./AppShell.module.css";

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className={styles.shell}>
      <WeirProvider fallback={<aside className={styles.sidebarPlaceholder} />}>
        <Sidebar />
        <main className={styles.main}>{children}</main>
      </WeirProvider>
    </div>
  );
}
