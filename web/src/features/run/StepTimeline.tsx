"use client";
// A Gantt chart of the run: one row per step, one bar per attempt (retries side by side), on a shared
// time axis that grows while the run is live.
import { formatDuration } from "@/lib/format";
import { STEP_STATE_LABEL, TONE_VAR, type Tone } from "@/lib/runStatus";
import type { AttemptOutcome, StepTrack } from "./stepTracks";
import styles from "./StepTimeline.module.css";

const OUTCOME_TONE: Record<AttemptOutcome, Tone> = {
  running: "run",
  success: "ok",
  failure: "fail",
  retry: "warn",
  canceled: "warn",
};
const NICE = [
  10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
];

function ticks(span: number): number[] {
  const step = NICE.find((n) => span / n <= 8) ?? 3_600_000 * Math.ceil(span / 8 / 3_600_000);
  const out: number[] = [];
  for (let t = 0; t <= span; t += step) out.push(t);
  return out;
}

export function StepTimeline({
  order,
  tracks,
  runStart,
  runEnd,
  now,
}: {
  order: string[];
  tracks: Map<string, StepTrack>;
  runStart: number | null;
  runEnd: number | null;
  now: number;
}) {
  if (runStart === null) return <div className={styles.empty}>The timeline starts when the first step does.</div>;
  const end = runEnd ?? now;
  const span = Math.max(end - runStart, 1);
  const pct = (t: number) => `${((t - runStart) / span) * 100}%`;
  const rows = order.map((key) => tracks.get(key)).filter((t): t is StepTrack => Boolean(t));
  return (
    <div className={styles.timeline} data-testid="step-timeline">
      <div className={styles.axis}>
        <div className={styles.label} />
        <div className={styles.track}>
          {ticks(span).map((t) => (
            <span key={t} className={styles.tick} style={{ left: `${(t / span) * 100}%` }}>
              {formatDuration(t)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((row) => (
        <div key={row.key} className={styles.row} data-step={row.key}>
          <div className={styles.label} title={row.key}>
            <span className="mono">{row.key}</span>
            <span className={styles.state}>{STEP_STATE_LABEL[row.state]}</span>
          </div>
          <div className={styles.track}>
            {ticks(span).map((t) => (
              <span key={t} className={styles.grid} style={{ left: `${(t / span) * 100}%` }} />
            ))}
            {row.attempts.map((a) => {
              const tone = TONE_VAR[OUTCOME_TONE[a.outcome]];
              const stop = a.end ?? end;
              return (
                <div
                  key={a.attempt}
                  className={a.outcome === "running" ? `${styles.bar} ${styles.running}` : styles.bar}
                  style={{ left: pct(a.start), width: `max(3px, ${((stop - a.start) / span) * 100}%)`, background: tone.fg }}
                  title={`${row.key} · attempt ${a.attempt} · ${a.outcome} · ${formatDuration(stop - a.start)}`}
                  data-outcome={a.outcome}
                >
                  {row.attempts.length > 1 && <span className={styles.attempt}>#{a.attempt}</span>}
                </div>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
