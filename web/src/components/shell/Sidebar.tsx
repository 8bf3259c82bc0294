"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useQuery } from "urql";
import { useSocketState } from "@/graphql/WeirProvider";
import { SidebarDocument } from "@/graphql/generated/graphql";
import { useRunStatusChanges } from "@/graphql/useRunStatusChanges";
import { useIdleStart } from "@/lib/useIdleStart";
import { usePolling } from "@/lib/usePolling";
import { useThrottled } from "@/lib/useThrottled";
import styles from "./Sidebar.module.css";

const NAV = [
  { href: "/", label: "Overview", match: (p: string) => p === "/" },
  { href: "/runs/", label: "Runs", match: (p: string) => p.startsWith("/runs") || p.startsWith("/run/") },
  { href: "/jobs/", label: "Jobs", match: (p: string) => p.startsWith("/job") },
  { href: "/assets/", label: "Assets", match: (p: string) => p.startsWith("/asset") },
  { href: "/automation/", label: "Schedules & sensors", match: (p: string) => p.startsWith("/automation") },
  { href: "/locations/", label: "Code locations", match: (p: string) => p.startsWith("/locations") },
];

export function Sidebar() {
  const pathname = usePathname() ?? "/";
  const socket = useSocketState();
  // The instance's health waits for the page's own data: it is a footnote on every page.
  const idle = useIdleStart();
  const [{ data }, refetch] = useQuery({ query: SidebarDocument, pause: !idle });
  usePolling(() => refetch({ requestPolicy: "network-only" }), 5000);
  const refresh = useThrottled(() => refetch({ requestPolicy: "network-only" }), 1000);
  useRunStatusChanges(() => refresh());
  const failing = data?.codeLocations.filter((l) => l.status === "ERROR").length ?? 0;
  const inProgress = data?.instance.runQueue.inProgressCount ?? 0;
  return (
    <aside className={styles.sidebar}>
      <Link href="/" className={styles.brand}>
        <img src="/favicon.svg" alt="" width={26} height={26} />
        <span>Weir</span>
      </Link>
      <nav className={styles.nav}>
        {NAV.map((item) => (
          <Link
            key={item.href}
            href={item.href}
            className={item.match(pathname) ? `${styles.link} ${styles.active}` : styles.link}
          >
            <span>{item.label}</span>
            {item.href === "/runs/" && inProgress > 0 && <span className={styles.count}>{inProgress}</span>}
            {item.href === "/locations/" && failing > 0 && (
              <span className={`${styles.count} ${styles.countBad}`}>{failing}</span>
            )}
          </Link>
        ))}
      </nav>
      <div className={styles.footer}>
        <div className={styles.meta} data-testid="socket-state" data-state={socket}>
          <span className={styles.metaDot} data-state={socket} />
          {socket === "connected" ? "Live" : socket === "reconnecting" ? "Reconnecting…" : "Connecting…"}
        </div>
        {data && (
          <>
            <div className={styles.meta}>
              <span className={styles.metaDot} data-state={data.instance.daemonRunning ? "connected" : "off"} />
              Daemon {data.instance.daemonRunning ? "running" : "not running"}
            </div>
            <div className={styles.metaLine}>
              {data.instance.storage.kind} · {data.instance.launcher.name} launcher
            </div>
          </>
        )}
      </div>
    </aside>
  );
}
