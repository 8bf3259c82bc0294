"use client";
import Link from "next/link";
import { useState } from "react";
import { ToneBadge } from "@/components/ui/StatusBadge";
import type { Asset } from "@/graphql/types";
import { formatDateTime, formatRelative, shortId } from "@/lib/format";
import { ASSET_STATE_LABEL, ASSET_STATE_TONE, type AssetState } from "./assetStatus";
import { MaterializeNotice } from "./MaterializeNotice";
import { useMaterialize } from "./useMaterialize";
import { assetPath, runPath } from "@/lib/addresses";

export function AssetCatalog({ assets, states }: { assets: Asset[]; states: Map<string, AssetState> }) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [filter, setFilter] = useState("");
  const { materialize, result, clear, fetching } = useMaterialize();
  const shown = assets.filter((a) => !filter || a.key.includes(filter.toLowerCase()) || a.group.includes(filter.toLowerCase()));
  const groups = [...new Set(shown.map((a) => a.group))].sort();
  const toggle = (key: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <div className="stack">
      <MaterializeNotice result={result} onDismiss={clear} />
      <div className="row">
        <input
          className="input"
          placeholder="Filter assets or groups…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 280 }}
        />
        <span className="grow" />
        <button
          className="btn btn-primary"
          disabled={!selected.size || fetching}
          onClick={() => materialize([...selected])}
          data-testid="catalog-materialize"
        >
          Materialize selected{selected.size ? ` (${selected.size})` : ""}
        </button>
      </div>
      {groups.map((group) => (
        <section key={group} className="card">
          <div className="card-header">
            <h2>{group}</h2>
            <span className="small muted">{shown.filter((a) => a.group === group).length} assets</span>
          </div>
          <table className="table">
            <thead>
              <tr>
                <th style={{ width: 36 }} />
                <th>Asset</th>
                <th>Status</th>
                <th>Latest materialization</th>
                <th>Run</th>
                <th>Upstream</th>
              </tr>
            </thead>
            <tbody>
              {shown
                .filter((a) => a.group === group)
                .map((a) => {
                  const state = states.get(a.key) ?? "never";
                  const m = a.latestMaterialization;
                  return (
                    <tr key={a.key} data-asset-row={a.key}>
                      <td>
                        <input
                          type="checkbox"
                          checked={selected.has(a.key)}
                          onChange={() => toggle(a.key)}
                          aria-label={`Select ${a.key}`}
                        />
                      </td>
                      <td>
                        <Link href={assetPath(a.key)} className="mono" style={{ fontWeight: 500 }}>
                          {a.key}
                        </Link>
                        {a.description && <div className="small muted">{a.description}</div>}
                      </td>
                      <td>
                        <ToneBadge
                          tone={ASSET_STATE_TONE[state]}
                          label={ASSET_STATE_LABEL[state]}
                          live={state === "materializing"}
                        />
                      </td>
                      <td title={formatDateTime(m?.timestamp)}>
                        {m ? formatRelative(m.timestamp) : <span className="faint">—</span>}
                      </td>
                      <td>
                        {m ? (
                          <Link href={runPath(m.runId)} className="mono">
                            {shortId(m.runId)}
                          </Link>
                        ) : (
                          <span className="faint">—</span>
                        )}
                      </td>
                      <td className="small muted">{a.dependencies.length ? a.dependencies.join(", ") : "—"}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
