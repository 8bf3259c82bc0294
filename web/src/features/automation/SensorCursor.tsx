"use client";
import { useState } from "react";
import { useMutation } from "urql";
import { SetSensorCursorDocument } from "@/graphql/generated/graphql";

export function SensorCursor({ name, cursor, onChanged }: { name: string; cursor: string | null; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(cursor ?? "");
  const [error, setError] = useState<string | null>(null);
  const [state, setCursor] = useMutation(SetSensorCursorDocument);
  const save = async (value: string | null) => {
    setError(null);
    const r = await setCursor({ name, cursor: value });
    const data = r.data?.setSensorCursor;
    if (r.error) return setError(r.error.message);
    if (data?.__typename !== "Sensor") return setError(data?.message ?? "not saved");
    setEditing(false);
    onChanged();
  };
  if (!editing) {
    return (
      <div className="row">
        <code className="small" style={{ maxWidth: 220, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
          {cursor ?? <span className="faint">none</span>}
        </code>
        <button
          className="btn btn-sm btn-ghost"
          onClick={() => {
            setDraft(cursor ?? "");
            setEditing(true);
          }}
        >
          Edit
        </button>
      </div>
    );
  }
  return (
    <form
      className="stack"
      style={{ gap: 4 }}
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft);
      }}
    >
      <div className="row">
        <input
          className="input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          autoFocus
          aria-label={`Cursor of ${name}`}
          style={{ width: 200 }}
        />
        <button className="btn btn-sm btn-primary" disabled={state.fetching}>
          Save
        </button>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => save(null)}
          disabled={state.fetching}
          title="Forget the cursor: the sensor starts over"
        >
          Clear
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <span className="small" style={{ color: "var(--fail)" }}>
          {error}
        </span>
      )}
    </form>
  );
}
