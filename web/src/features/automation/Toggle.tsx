"use client";
import styles from "./Toggle.module.css";

export function Toggle({
  on,
  onChange,
  disabled,
  label,
}: {
  on: boolean;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  label: string;
}) {
  return (
    <button
      role="switch"
      aria-checked={on}
      aria-label={label}
      className={on ? `${styles.toggle} ${styles.on}` : styles.toggle}
      disabled={disabled}
      onClick={() => onChange(!on)}
    >
      <span className={styles.knob} />
    </button>
  );
}
