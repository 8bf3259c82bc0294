"use client";
import { memo } from "react";
import type { RunEvent } from "@/graphql/types";
import type { SerializedError } from "./serializedError";
import { formatClock } from "@/lib/format";
import styles from "./LogViewer.module.css";

const TYPE_LABEL: Partial<Record<RunEvent["type"], string>> = {
  LOG: "",
  STEP_UP_FOR_RETRY: "RETRY",
  ASSET_MATERIALIZATION: "MATERIALIZATION",
};

function ErrorBlock({ error }: { error: SerializedError }) {
  return (
    <div className={styles.error}>
      <div className={styles.errorTitle}>
        {error.name}: {error.message}
      </div>
      {error.stack && <pre className={styles.stack}>{error.stack.split("\n").slice(1).join("\n") || error.stack}</pre>}
      {error.cause && (
        <div className={styles.cause}>
          <span className="muted small">Caused by</span>
          <ErrorBlock error={error.cause} />
        </div>
      )}
    </div>
  );
}

function Details({ event }: { event: RunEvent }) {
  const error = event.data?.error as SerializedError | undefined;
  const rest = event.data ? Object.fromEntries(Object.entries(event.data).filter(([k]) => k !== "error" && k !== "source")) : {};
  return (
    <div className={styles.details}>
      {error && <ErrorBlock error={error} />}
      {typeof event.data?.reason === "string" && !error && <div className={styles.errorTitle}>{event.data.reason}</div>}
      {Object.keys(rest).length > 0 && <pre className={styles.json}>{JSON.stringify(rest, null, 2)}</pre>}
    </div>
  );
}

export function hasDetails(event: RunEvent): boolean {
  return Boolean(event.data && Object.keys(event.data).some((k) => k !== "source")) || event.message.includes("\n");
}

export const LogRow = memo(function LogRow({
  event,
  expanded,
  onToggle,
}: {
  event: RunEvent;
  expanded: boolean;
  onToggle: (seq: number) => void;
}) {
  const source = event.data?.source as string | undefined;
  const expandable = hasDetails(event);
  const label = TYPE_LABEL[event.type] ?? event.type.replace(/^(RUN|STEP)_/, "");
  const cls = [
    styles.row,
    styles[`level${event.level ?? "INFO"}`] ?? "",
    source === "stderr" ? styles.stderr : "",
    event.type.endsWith("FAILURE") ? styles.failure : "",
    expanded ? styles.expanded : "",
  ].join(" ");
  return (
    <div
      className={cls}
      data-seq={event.seq}
      data-type={event.type}
      onClick={expandable ? () => onToggle(event.seq) : undefined}
      style={{ cursor: expandable ? "pointer" : undefined }}
    >
      <div className={styles.line}>
        <span className={styles.time}>{formatClock(event.timestamp)}</span>
        <span className={styles.level}>{event.level ?? ""}</span>
        <span className={styles.step} title={event.stepKey ?? ""}>
          {event.stepKey ?? ""}
        </span>
        <span className={styles.type}>
          {label && (
            <span className={styles.typeChip} data-kind={event.type.split("_")[0]}>
              {label}
            </span>
          )}
          {source && source !== "logger" && <span className={styles.source}>{source}</span>}
        </span>
        <span className={expanded ? styles.messageFull : styles.message}>{event.message}</span>
        {expandable && <span className={styles.caret}>{expanded ? "▾" : "▸"}</span>}
      </div>
      {expanded && <Details event={event} />}
    </div>
  );
});
