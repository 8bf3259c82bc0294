"use client";
import type { Tag } from "@/graphql/types";
import styles from "./Launchpad.module.css";

export function TagsEditor({ tags, onChange, inherited }: { tags: Tag[]; onChange: (tags: Tag[]) => void; inherited: Tag[] }) {
  const update = (i: number, patch: Partial<Tag>) => onChange(tags.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  return (
    <div className={styles.tags}>
      {inherited.map((t) => (
        <div key={`job-${t.key}`} className={styles.tagRow} title="Set by the job definition">
          <input className="input" value={t.key} disabled />
          <input className="input" value={t.value} disabled />
          <span className="small faint">job</span>
        </div>
      ))}
      {tags.map((t, i) => (
        <div key={i} className={styles.tagRow}>
          <input
            className="input"
            placeholder="key"
            value={t.key}
            onChange={(e) => update(i, { key: e.target.value })}
            aria-label={`Tag ${i + 1} key`}
          />
          <input
            className="input"
            placeholder="value"
            value={t.value}
            onChange={(e) => update(i, { value: e.target.value })}
            aria-label={`Tag ${i + 1} value`}
          />
          <button
            className="btn btn-ghost btn-sm"
            onClick={() => onChange(tags.filter((_, j) => j !== i))}
            aria-label="Remove tag"
          >
            ✕
          </button>
        </div>
      ))}
      <button className="btn btn-sm" onClick={() => onChange([...tags, { key: "", value: "" }])} data-testid="add-tag">
        + Add tag
      </button>
    </div>
  );
}
