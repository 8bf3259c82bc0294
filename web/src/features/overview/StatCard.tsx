import Link from "next/link";
import type { ReactNode } from "react";
import { TONE_VAR, type Tone } from "@/lib/runStatus";
import styles from "./StatCard.module.css";

export function StatCard({
  label,
  value,
  hint,
  tone,
  href,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: Tone;
  href?: string;
  testId?: string;
}) {
  const body = (
    <>
      <div className={styles.label}>
        {tone && <span className={styles.dot} style={{ background: TONE_VAR[tone].fg }} />}
        {label}
      </div>
      <div className={styles.value} data-testid={testId}>
        {value}
      </div>
      {hint && <div className={styles.hint}>{hint}</div>}
    </>
  );
  return href ? (
    <Link href={href} className={`card ${styles.card} ${styles.link}`}>
      {body}
    </Link>
  ) : (
    <div className={`card ${styles.card}`}>{body}</div>
  );
}
