import { StatusDot } from "@/components/ui/StatusBadge";
import type { DaemonLoopHealth } from "@/graphql/types";
import { formatDateTime, formatRelative } from "@/lib/format";

const LOOP_LABEL: Record<string, string> = { runQueue: "Run queue", scheduler: "Scheduler", sensors: "Sensors", runMonitor: "Run monitor" };

export function DaemonHealth({ loops }: { loops: DaemonLoopHealth[] }) {
  if (!loops.length) return <div className="small muted" style={{ padding: 16 }}>No daemon has reported in the last day: queued runs do not start and schedules do not tick. Run <code>weir dev</code> or <code>weir daemon</code>.</div>;
  return (
    <table className="table" data-testid="daemon-health">
      <tbody>
        {loops.map((l) => (
          <tr key={`${l.daemonId}-${l.loopName}`}>
            <td className="nowrap"><span className="row"><StatusDot tone={l.healthy ? "ok" : "fail"} />{LOOP_LABEL[l.loopName] ?? l.loopName}</span></td>
            <td className="small muted nowrap" title={formatDateTime(l.lastHeartbeat)}>heartbeat {formatRelative(l.lastHeartbeat)}</td>
            <td className="small" style={{ color: l.lastError ? "var(--fail)" : "var(--muted)" }}>{l.lastError ?? (l.healthy ? "healthy" : "no recent heartbeat")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
