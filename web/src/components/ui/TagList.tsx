import type { Tag } from "@/graphql/types";

export function TagList({ tags, max = 4 }: { tags: Tag[]; max?: number }) {
  if (!tags.length) return <span className="faint">—</span>;
  const shown = tags.slice(0, max);
  return (
    <span className="row" style={{ flexWrap: "wrap", gap: 4 }}>
      {shown.map((t) => (
        <span key={t.key} className="chip chip-mono" title={`${t.key}=${t.value}`}>
          {t.key}={t.value}
        </span>
      ))}
      {tags.length > max && <span className="chip">+{tags.length - max}</span>}
    </span>
  );
}
