"use client";
import { useState } from "react";
import { useMutation } from "urql";
import { ERROR_FIELDS } from "@/graphql/fragments";

const MATERIALIZE = `mutation($keys: [String!]!) { materializeAssets(input: { keys: $keys }) {
  __typename ... on MaterializeAssetsSuccess { run { id } } ${ERROR_FIELDS}
} }`;

export type MaterializeResult = { ok: true; runId: string; keys: string[] } | { ok: false; message: string } | null;

/** Launches a run materializing `keys` and keeps its outcome for the page to show. */
export function useMaterialize() {
  const [state, mutate] = useMutation(MATERIALIZE);
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
