"use client";
import { EVENT_TYPES, LOG_LEVELS, type LogLevel } from "@/graphql/types";
import type { LogFilter } from "./logFilter";
import styles from "./LogViewer.module.css";

export function LogToolbar({
  filter,
  onChange,
  steps,
  shown,
  total,
  live,
}: {
  filter: LogFilter;
  onChange: (f: LogFilter) => void;
  steps: string[];
  shown: number;
  total: number;
  live: boolean;
}) {
  const toggleLevel = (level: LogLevel) =>
    onChange({
      ...filter,
      levels: filter.levels.includes(level) ? filter.levels.filter((l) => l !== level) : [...filter.levels, level],
    });
  return (
    <div className={styles.toolbar}>
      <input
        className="input"
        placeholder="Filter messages…"
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
        aria-label="Filter log text"
        style={{ width: 220 }}
      />
      <div className={styles.levels} role="group" aria-label="Levels">
        {LOG_LEVELS.map((level) => (
          <button
            key={level}
            className={filter.levels.includes(level) ? `${styles.levelBtn} ${styles.levelOn}` : styles.levelBtn}
            data-level={level}
            aria-pressed={filter.levels.includes(level)}
            onClick={() => toggleLevel(level)}
          >
            {level.toLowerCase()}
          </button>
        ))}
      </div>
      <select
        className="select"
        value={filter.type}
        onChange={(e) => onChange({ ...filter, type: e.target.value as LogFilter["type"] })}
        aria-label="Event type"
      >
        <option value="">All event types</option>
        <option value="ERRORS">Errors and stderr</option>
        {EVENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select
        className="select"
        value={filter.step}
        onChange={(e) => onChange({ ...filter, step: e.target.value })}
        aria-label="Step"
      >
        <option value="">All steps</option>
        {steps.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <span className="grow" />
      <span className="small muted nowrap" data-testid="log-count">
        {shown === total ? `${total.toLocaleString()} events` : `${shown.toLocaleString()} of ${total.toLocaleString()} events`}
      </span>
      {live && (
        <span className={styles.liveBadge}>
          <span className={styles.liveDot} />
          Live
        </span>
      )}
    </div>
  );
}
