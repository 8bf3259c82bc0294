"use client";
import Link from "next/link";
import { Notice } from "@/components/ui/Notice";
import { shortId } from "@/lib/format";
import type { MaterializeResult } from "./useMaterialize";
import { runPath } from "@/lib/addresses";

export function MaterializeNotice({ result, onDismiss }: { result: MaterializeResult; onDismiss: () => void }) {
  if (!result) return null;
  if (!result.ok)
    return (
      <Notice tone="error" title="Could not materialize." onDismiss={onDismiss}>
        {result.message}
      </Notice>
    );
  return (
    <Notice
      tone="success"
      title={`Materializing ${result.keys.length === 1 ? result.keys[0] : `${result.keys.length} assets`}.`}
      onDismiss={onDismiss}
    >
      Run{" "}
      <Link href={runPath(result.runId)} className="mono" data-testid="materialize-run-link">
        {shortId(result.runId)}
      </Link>{" "}
      launched — follow it live.
    </Notice>
  );
}
