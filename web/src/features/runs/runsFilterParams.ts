// The runs list's filters and page cursor, read from and written to the URL so a view can be shared.
import { RUN_STATUSES, type RunStatus } from "@/graphql/types";

export interface RunsFilterState {
  statuses: RunStatus[];
  job: string;
  tags: { key: string; value: string }[];
  range: "" | "1h" | "24h" | "7d" | "30d";
  after: string;
  before: string;
}

export const RANGES: { id: RunsFilterState["range"]; label: string; ms: number }[] = [
  { id: "", label: "Any time", ms: 0 },
  { id: "1h", label: "Last hour", ms: 3_600_000 },
  { id: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { id: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
];

export function readRunsFilter(params: URLSearchParams): RunsFilterState {
  const statuses = (params.get("status") ?? "").split(",").filter((s): s is RunStatus => (RUN_STATUSES as string[]).includes(s));
  const tags = params.getAll("tag").flatMap((t) => {
    const i = t.indexOf("=");
    return i > 0 ? [{ key: t.slice(0, i), value: t.slice(i + 1) }] : [];
  });
  const range = (RANGES.find((r) => r.id === params.get("range"))?.id ?? "") as RunsFilterState["range"];
  return {
    statuses,
    job: params.get("job") ?? "",
    tags,
    range,
    after: params.get("after") ?? "",
    before: params.get("before") ?? "",
  };
}

export function writeRunsFilter(state: RunsFilterState): string {
  const params = new URLSearchParams();
  if (state.statuses.length) params.set("status", state.statuses.join(","));
  if (state.job) params.set("job", state.job);
  for (const t of state.tags) params.append("tag", `${t.key}=${t.value}`);
  if (state.range) params.set("range", state.range);
  if (state.after) params.set("after", state.after);
  if (state.before) params.set("before", state.before);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The API's RunsFilter input for the state (the time range is relative to `now`). */
export function toApiFilter(state: RunsFilterState, now: number): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.job) filter.job = state.job;
  if (state.tags.length) filter.tags = state.tags;
  const range = RANGES.find((r) => r.id === state.range);
  if (range?.ms) filter.createdAfter = new Date(now - range.ms).toISOString();
  return filter;
}
