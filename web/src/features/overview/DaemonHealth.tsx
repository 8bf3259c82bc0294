import { StatusDot } from "@/components/ui/StatusBadge";
import type { DaemonLoopHealth } from "@/graphql/types";
import { formatDateTime, formatRelative } from "@/lib/format";

// Loop labels and descriptions come from the server's registry of daemon loops (DaemonLoopHealth.label).
export function DaemonHealth({ loops }: { loops: DaemonLoopHealth[] }) {
  if (!loops.length)
    return (
      <div className="small muted" style={{ padding: 16 }}>
        No daemon has reported in the last day: queued runs do not start and schedules do not tick. Run <code>weir dev</code> or{" "}
        <code>weir daemon</code>.
      </div>
    );
  return (
    <table className="table" data-testid="daemon-health">
      <tbody>
        {loops.map((l) => (
          <tr key={`${l.daemonId}-${l.loopName}`}>
            <td className="nowrap" title={l.description ?? undefined}>
              <span className="row">
                <StatusDot tone={l.healthy ? "ok" : "fail"} />
                {l.label}
              </span>
            </td>
            <td className="small muted nowrap" title={formatDateTime(l.lastHeartbeat)}>
              heartbeat {formatRelative(l.lastHeartbeat)}
            </td>
            <td className="small" style={{ color: l.lastError ? "var(--fail)" : "var(--muted)" }}>
              {l.lastError ?? (l.healthy ? "healthy" : "not running: no recent heartbeat, or its process is gone")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
