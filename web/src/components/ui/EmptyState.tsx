import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div style={{ padding: "40px 24px", textAlign: "center", color: "var(--muted)" }}>
      <div style={{ fontWeight: 600, color: "var(--text-2)", marginBottom: 4 }}>{title}</div>
      {children}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="row muted" style={{ padding: 24 }}>
      <span className="spinner" /> {label}
    </div>
  );
}
