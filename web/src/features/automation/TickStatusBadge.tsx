import { ToneBadge } from "@/components/ui/StatusBadge";
import type { TickStatus } from "@/graphql/types";
import type { Tone } from "@/lib/runStatus";

const TONE: Record<TickStatus, Tone> = { STARTED: "run", SUCCESS: "ok", SKIPPED: "skip", FAILURE: "fail" };
const LABEL: Record<TickStatus, string> = {
  STARTED: "Evaluating",
  SUCCESS: "Requested runs",
  SKIPPED: "Skipped",
  FAILURE: "Failed",
};

export function TickStatusBadge({ status }: { status: TickStatus }) {
  return <ToneBadge tone={TONE[status]} label={LABEL[status]} live={status === "STARTED"} />;
}
