"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useMutation } from "urql";
import { Notice } from "@/components/ui/Notice";
import { LaunchRunDocument } from "@/graphql/generated/graphql";
import type { JobWithConfig, Tag } from "@/graphql/types";
import { ConfigEditor } from "./ConfigEditor";
import { checkConfig } from "./configValidation";
import { TagsEditor } from "./TagsEditor";
import styles from "./Launchpad.module.css";
import { runPath } from "@/lib/addresses";

type LaunchError = { title: string; detail?: string; violations?: { path: string; message: string }[] };

export function Launchpad({ job }: { job: JobWithConfig }) {
  const router = useRouter();
  const defaults = useMemo(() => JSON.stringify(job.defaultConfig ?? {}, null, 2), [job.defaultConfig]);
  const [text, setText] = useState(defaults);
  const [tags, setTags] = useState<Tag[]>([]);
  const [priority, setPriority] = useState("0");
  const [launchError, setLaunchError] = useState<LaunchError | null>(null);
  const [state, launch] = useMutation(LaunchRunDocument);
  const schema = job.configSchema as Record<string, unknown> | null;
  const check = useMemo(() => checkConfig(text, schema), [text, schema]);
  const priorityValue = Number(priority);
  const priorityOk = Number.isInteger(priorityValue);
  const tagsOk = tags.every((t) => t.key.trim() !== "");
  const canLaunch = check.problems.length === 0 && priorityOk && tagsOk && !state.fetching;

  const onLaunch = async () => {
    setLaunchError(null);
    const input = {
      job: job.name,
      config: check.value,
      tags: tags.map((t) => ({ key: t.key.trim(), value: t.value })),
      priority: priorityValue,
    };
    const r = await launch({ input });
    const result = r.data?.launchRun;
    if (r.error) return setLaunchError({ title: "Could not launch the run.", detail: r.error.message });
    if (result?.__typename === "LaunchRunSuccess") return router.push(runPath(result.run.id));
    if (result?.__typename === "InvalidConfigError")
      return setLaunchError({ title: "The server rejected this config.", detail: result.message, violations: result.violations });
    setLaunchError({ title: "Could not launch the run.", detail: result?.message });
  };

  return (
    <div className={styles.layout}>
      <div className="card" style={{ overflow: "hidden" }}>
        <div className="card-header">
          <h2>Run config</h2>
          <button className="btn btn-sm" onClick={() => setText(defaults)} disabled={text === defaults}>
            Reset to defaults
          </button>
        </div>
        <div style={{ padding: 12 }}>
          <ConfigEditor value={text} onChange={setText} schema={schema} />
        </div>
        {check.problems.length ? (
          <ul className={styles.problems} data-testid="config-problems">
            {check.problems.map((p, i) => (
              <li key={i} className={styles.problem}>
                {p.path.length > 0 && <code>{p.path.join(".")}</code>}
                <span>{p.message}</span>
              </li>
            ))}
          </ul>
        ) : (
          <div className={styles.valid} data-testid="config-valid">
            ✓ Config matches the job’s schema
          </div>
        )}
      </div>
      <div className={styles.side}>
        <div className="card card-body">
          <div className="stack">
            <section className={styles.section}>
              <h3>Tags</h3>
              <TagsEditor tags={tags} onChange={setTags} inherited={job.tags} />
            </section>
            <section className={styles.section}>
              <label className="field">
                Priority
                <input
                  className="input"
                  type="number"
                  step={1}
                  value={priority}
                  onChange={(e) => setPriority(e.target.value)}
                  data-testid="priority"
                />
              </label>
              <span className="small muted">Higher runs leave the queue first.</span>
            </section>
            <button
              className="btn btn-primary"
              style={{ justifyContent: "center", height: 38 }}
              disabled={!canLaunch}
              onClick={onLaunch}
              data-testid="launch"
            >
              {state.fetching ? "Launching…" : "Launch run"}
            </button>
            {!tagsOk && (
              <span className="small" style={{ color: "var(--fail)" }}>
                Every tag needs a key.
              </span>
            )}
            {check.problems.length > 0 && <span className="small muted">Fix the config to launch.</span>}
          </div>
        </div>
        {launchError && (
          <Notice tone="error" title={launchError.title} onDismiss={() => setLaunchError(null)}>
            {launchError.detail}
            {launchError.violations && (
              <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
                {launchError.violations.map((v, i) => (
                  <li key={i}>
                    <code>{v.path}</code> {v.message}
                  </li>
                ))}
              </ul>
            )}
          </Notice>
        )}
      </div>
    </div>
  );
}
