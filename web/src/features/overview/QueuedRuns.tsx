import Link from "next/link";
import type { QueuedRun } from "@/graphql/types";
import { formatRelative, shortId } from "@/lib/format";
import { runPath } from "@/lib/addresses";

export function QueuedRuns({ runs }: { runs: QueuedRun[] }) {
  if (!runs.length)
    return (
      <div className="small muted" style={{ padding: 16 }}>
        The queue is empty.
      </div>
    );
  return (
    <table className="table" data-testid="queued-runs">
      <tbody>
        {runs.map((r) => (
          <tr key={r.runId}>
            <td>
              <Link href={runPath(r.runId)} className="mono">
                {shortId(r.runId)}
              </Link>
            </td>
            <td className="small muted nowrap">
              queued {formatRelative(r.createdAt)}
              {r.priority ? ` · priority ${r.priority}` : ""}
            </td>
            <td className="small">{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
