"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation } from "urql";
import { Notice } from "@/components/ui/Notice";
import { ToneBadge } from "@/components/ui/StatusBadge";
import { ReloadCodeLocationDocument } from "@/graphql/generated/graphql";
import type { CodeLocation } from "@/graphql/types";
import { formatDateTime, formatRelative } from "@/lib/format";
import styles from "./LocationCard.module.css";
import { jobPath } from "@/lib/addresses";

const STATUS = {
  LOADED: { tone: "ok", label: "Loaded" },
  LOADING: { tone: "run", label: "Loading" },
  ERROR: { tone: "fail", label: "Failed to load" },
} as const;

export function LocationCard({ location, onReloaded }: { location: CodeLocation; onReloaded: () => void }) {
  const [state, reload] = useMutation(ReloadCodeLocationDocument);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const status = STATUS[location.status];
  const onReload = async () => {
    setMessage(null);
    const r = await reload({ name: location.name });
    const data = r.data?.reloadCodeLocation;
    if (r.error) setMessage({ tone: "error", text: r.error.message });
    else if (data?.__typename === "ReloadCodeLocationSuccess")
      setMessage(
        data.location.status === "ERROR"
          ? { tone: "error", text: "Reloaded, but the code still fails to load (see below)." }
          : { tone: "success", text: "Reloaded: definitions are up to date." },
      );
    else setMessage({ tone: "error", text: data?.message ?? "not reloaded" });
    onReloaded();
  };
  const err = location.error;
  return (
    <section className="card" data-location={location.name}>
      <div className="card-header">
        <div className="row">
          <h2>{location.name}</h2>
          <ToneBadge tone={status.tone} label={status.label} live={location.status === "LOADING"} />
        </div>
        <button className="btn" onClick={onReload} disabled={state.fetching} data-testid="reload-location">
          {state.fetching ? "Reloading…" : "Reload"}
        </button>
      </div>
      <div className="card-body stack" style={{ gap: 12 }}>
        <div className={styles.facts}>
          <div>
            <h3>File</h3>
            <code>{location.file}</code>
          </div>
          <div>
            <h3>Loaded</h3>
            <span title={formatDateTime(location.loadedAt)}>{formatRelative(location.loadedAt)}</span>
          </div>
          <div>
            <h3>Jobs</h3>
            {location.jobs
              .filter((j) => !j.isAssetJob)
              .map((j) => (
                <Link key={j.name} href={jobPath(j.name)} className="chip" style={{ marginRight: 4 }}>
                  {j.name}
                </Link>
              ))}
          </div>
          <div>
            <h3>Assets</h3>
            {location.assetKeys.length}
          </div>
        </div>
        {message && <Notice tone={message.tone} title={message.text} onDismiss={() => setMessage(null)} />}
        {err && (
          <div className={styles.error} data-testid="location-error">
            <div className={styles.where}>
              {err.file
                ? `${err.file}${err.line ? `:${err.line}${err.column ? `:${err.column}` : ""}` : ""}`
                : "While loading the code location"}
            </div>
            <div className={styles.message}>{err.message}</div>
            {err.stack && <pre className={styles.stack}>{err.stack}</pre>}
            <div className="small muted">Fix the code, then press Reload.</div>
          </div>
        )}
      </div>
    </section>
  );
}
