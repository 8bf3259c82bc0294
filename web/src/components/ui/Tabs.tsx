import Link from "next/link";
import styles from "./Tabs.module.css";

export interface TabItem {
  id: string;
  label: string;
  href: string;
}

export function Tabs({ items, active }: { items: TabItem[]; active: string }) {
  return (
    <nav className={styles.tabs}>
      {items.map((item) => (
        <Link key={item.id} href={item.href} className={item.id === active ? `${styles.tab} ${styles.active}` : styles.tab}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
