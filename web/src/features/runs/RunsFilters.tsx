"use client";
import { useState } from "react";
import { useQuery } from "urql";
import { JobNamesDocument } from "@/graphql/generated/graphql";
import { RUN_STATUSES, type RunStatus } from "@/graphql/types";
import { RUN_STATUS_LABEL, RUN_STATUS_TONE, TONE_VAR } from "@/lib/runStatus";
import { RANGES, type RunsFilterState } from "./runsFilterParams";
import styles from "./RunsFilters.module.css";

export function RunsFilters({ value, onChange }: { value: RunsFilterState; onChange: (next: RunsFilterState) => void }) {
  const [{ data }] = useQuery({ query: JobNamesDocument });
  const [tagDraft, setTagDraft] = useState("");
  const [tagError, setTagError] = useState("");
  const set = (patch: Partial<RunsFilterState>) => onChange({ ...value, ...patch, after: "", before: "" });
  const toggleStatus = (status: RunStatus) =>
    set({ statuses: value.statuses.includes(status) ? value.statuses.filter((s) => s !== status) : [...value.statuses, status] });
  const addTag = () => {
    const i = tagDraft.indexOf("=");
    if (i <= 0) return setTagError("Write a tag as key=value");
    setTagError("");
    set({ tags: [...value.tags, { key: tagDraft.slice(0, i).trim(), value: tagDraft.slice(i + 1).trim() }] });
    setTagDraft("");
  };
  const active = value.statuses.length + value.tags.length + (value.job ? 1 : 0) + (value.range ? 1 : 0);

  return (
    <div className={styles.bar}>
      <div className={styles.statuses} role="group" aria-label="Status">
        {RUN_STATUSES.map((status) => {
          const on = value.statuses.includes(status);
          const tone = TONE_VAR[RUN_STATUS_TONE[status]];
          return (
            <button
              key={status}
              className={on ? `${styles.status} ${styles.on}` : styles.status}
              style={on ? { color: tone.fg, background: tone.bg, borderColor: tone.line } : undefined}
              onClick={() => toggleStatus(status)}
              aria-pressed={on}
              data-status-filter={status}
            >
              <span className={styles.dot} style={{ background: tone.fg }} />
              {RUN_STATUS_LABEL[status]}
            </button>
          );
        })}
      </div>
      <div className={styles.controls}>
        <select className="select" value={value.job} onChange={(e) => set({ job: e.target.value })} aria-label="Job">
          <option value="">All jobs</option>
          {data?.jobs.map((job) => (
            <option key={job.name} value={job.name}>
              {job.name}
            </option>
          ))}
          <option value="__ASSET_JOB">Asset materializations</option>
        </select>
        <select
          className="select"
          value={value.range}
          onChange={(e) => set({ range: e.target.value as RunsFilterState["range"] })}
          aria-label="Created"
        >
          {RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            addTag();
          }}
        >
          <input
            className="input"
            placeholder="Tag: key=value"
            value={tagDraft}
            onChange={(e) => setTagDraft(e.target.value)}
            aria-label="Tag filter"
            style={{ width: 170 }}
          />
        </form>
        {value.tags.map((t, i) => (
          <button
            key={`${t.key}=${t.value}`}
            className="chip chip-mono"
            style={{ border: 0, cursor: "pointer" }}
            title="Remove this tag filter"
            onClick={() => set({ tags: value.tags.filter((_, j) => j !== i) })}
          >
            {t.key}={t.value} ✕
          </button>
        ))}
        {tagError && (
          <span className="small" style={{ color: "var(--fail)" }}>
            {tagError}
          </span>
        )}
        {active > 0 && (
          <button
            className="btn btn-ghost btn-sm"
            onClick={() => onChange({ statuses: [], job: "", tags: [], range: "", after: "", before: "" })}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
