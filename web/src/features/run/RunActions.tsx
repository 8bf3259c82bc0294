"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "urql";
import { Notice } from "@/components/ui/Notice";
import { ReexecuteRunDocument, TerminateRunDocument } from "@/graphql/generated/graphql";
import type { RunDetail } from "@/graphql/types";
import { shortId } from "@/lib/format";
import { runPath } from "@/lib/addresses";

type Result = { tone: "success" | "error"; title: string; detail?: string } | null;

export function RunActions({ run }: { run: RunDetail }) {
  const router = useRouter();
  const [terminateState, terminate] = useMutation(TerminateRunDocument);
  const [reexecState, reexecute] = useMutation(ReexecuteRunDocument);
  const [result, setResult] = useState<Result>(null);
  const finished = !run.canTerminate && ["SUCCESS", "FAILURE", "CANCELED"].includes(run.status);
  const canFromFailure = run.status === "FAILURE" || run.status === "CANCELED";

  const onTerminate = async () => {
    const r = await terminate({ id: run.id });
    const data = r.data?.terminateRun;
    if (r.error) setResult({ tone: "error", title: "Could not terminate the run.", detail: r.error.message });
    else if (data?.__typename === "TerminateRunSuccess")
      setResult({ tone: "success", title: "Termination requested.", detail: "The run stops its steps and ends as Canceled." });
    else setResult({ tone: "error", title: "The run was not terminated.", detail: data?.message });
  };

  const onReexecute = async (strategy: "ALL_STEPS" | "FROM_FAILURE") => {
    const r = await reexecute({ id: run.id, strategy });
    const data = r.data?.reexecuteRun;
    if (r.error) return setResult({ tone: "error", title: "Could not re-execute the run.", detail: r.error.message });
    if (data?.__typename === "ReexecuteRunSuccess") {
      setResult({ tone: "success", title: `Launched run ${shortId(data.run.id)}.` });
      router.push(runPath(data.run.id));
      return;
    }
    setResult({
      tone: "error",
      title: strategy === "FROM_FAILURE" ? "Cannot re-execute from failure." : "Cannot re-execute this run.",
      detail: data?.message,
    });
  };

  return (
    <div className="stack" style={{ gap: 8, alignItems: "flex-end" }}>
      <div className="row">
        {run.canTerminate && (
          <button
            className="btn btn-danger"
            onClick={onTerminate}
            disabled={terminateState.fetching || run.status === "CANCELING"}
            data-testid="terminate"
          >
            {run.status === "CANCELING" ? "Canceling…" : "Terminate"}
          </button>
        )}
        <button
          className="btn"
          onClick={() => onReexecute("ALL_STEPS")}
          disabled={!finished || reexecState.fetching}
          data-testid="reexecute-all"
          title={finished ? "Run every step again in a new run" : "Available once the run has ended"}
        >
          Re-execute all
        </button>
        <button
          className="btn btn-primary"
          onClick={() => onReexecute("FROM_FAILURE")}
          disabled={!canFromFailure || reexecState.fetching}
          data-testid="reexecute-from-failure"
          title={
            canFromFailure
              ? "Run only the failed and skipped steps, reusing the others' outputs"
              : "Available when the run failed or was canceled"
          }
        >
          Re-execute from failure
        </button>
      </div>
      {result && (
        <div style={{ maxWidth: 520 }}>
          <Notice tone={result.tone} title={result.title} onDismiss={() => setResult(null)}>
            {result.detail}
          </Notice>
        </div>
      )}
    </div>
  );
}
