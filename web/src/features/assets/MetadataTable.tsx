export function MetadataTable({ metadata }: { metadata: unknown }) {
  const entries = Object.entries((metadata ?? {}) as Record<string, unknown>);
  if (!entries.length)
    return (
      <div className="muted small" style={{ padding: 16 }}>
        No metadata recorded.
      </div>
    );
  return (
    <table className="table">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <td className="muted" style={{ width: 180 }}>
              {key}
            </td>
            <td className="mono" style={{ overflowWrap: "anywhere" }}>
              {typeof value === "string" ? value : JSON.stringify(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
