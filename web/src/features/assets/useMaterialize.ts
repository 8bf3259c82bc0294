"use client";
import { useState } from "react";
import { useMutation } from "urql";
import { MaterializeAssetsDocument } from "@/graphql/generated/graphql";

export type MaterializeResult = { ok: true; runId: string; keys: string[] } | { ok: false; message: string } | null;

/** Launches a run materializing `keys` and keeps its outcome for the page to show. */
export function useMaterialize() {
  const [state, mutate] = useMutation(MaterializeAssetsDocument);
  const [result, setResult] = useState<MaterializeResult>(null);
  const materialize = async (keys: string[]) => {
    setResult(null);
    const r = await mutate({ keys });
    const data = r.data?.materializeAssets;
    if (r.error) setResult({ ok: false, message: r.error.message });
    else if (data?.__typename === "MaterializeAssetsSuccess") setResult({ ok: true, runId: data.run.id, keys });
    else setResult({ ok: false, message: data?.message ?? "unknown error" });
  };
  return { materialize, result, clear: () => setResult(null), fetching: state.fetching };
}
