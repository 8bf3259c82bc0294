import type { RunStatus } from "@/graphql/types";
import { RUN_STATUS_LABEL, RUN_STATUS_TONE, TONE_VAR, isInProgress, type Tone } from "@/lib/runStatus";
import styles from "./StatusBadge.module.css";

export function ToneBadge({ tone, label, live = false }: { tone: Tone; label: string; live?: boolean }) {
  const colors = TONE_VAR[tone];
  return (
    <span className={styles.badge} style={{ color: colors.fg, background: colors.bg, borderColor: colors.line }} data-tone={tone}>
      <span className={live ? `${styles.dot} ${styles.live}` : styles.dot} style={{ background: colors.fg }} />
      {label}
    </span>
  );
}

export function StatusBadge({ status }: { status: RunStatus }) {
  const tone = RUN_STATUS_TONE[status];
  return (
    <span data-status={status} style={{ display: "inline-flex" }}>
      <ToneBadge tone={tone} label={RUN_STATUS_LABEL[status]} live={isInProgress(status)} />
    </span>
  );
}

export function StatusDot({ tone, title }: { tone: Tone; title?: string }) {
  return <span className={styles.dot} title={title} style={{ background: TONE_VAR[tone].fg }} />;
}
