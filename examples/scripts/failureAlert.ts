// Watch for failed runs and send an alert for each, with the failing step and its error.
// Posts JSON to ALERT_WEBHOOK_URL (Slack-style { text }) when set, else prints the alert.
//   WEIR_URL=... WEIR_TOKEN=... ALERT_WEBHOOK_URL=https://hooks.example/T0 node --import tsx failureAlert.ts [--max N]
import { createWeirClient } from "@weir/client";

const maxIndex = process.argv.indexOf("--max");
const max = maxIndex > 0 ? Number(process.argv[maxIndex + 1]) : Infinity;
const webhook = process.env.ALERT_WEBHOOK_URL;
const client = createWeirClient({ url: process.env.WEIR_URL ?? "http://127.0.0.1:3000/graphql", token: process.env.WEIR_TOKEN });
const stop = new AbortController();
process.once("SIGINT", () => stop.abort());
process.once("SIGTERM", () => stop.abort());

let sent = 0;
console.log("watching for failed runs");
try {
  for await (const change of client.runStatusChanges({ statuses: ["FAILURE"] }, { signal: stop.signal })) {
    const run = await client.getRun(change.runId);
    const { events } = await client.getRunEvents(change.runId, { first: 10_000 });
    const failure = events.find((e) => e.type === "STEP_FAILURE");
    const text =
      `:rotating_light: run ${change.runId} of ${run?.jobName ?? "?"} failed` +
      (failure ? ` at step ${failure.stepKey}: ${failure.message}` : run?.failureReason ? `: ${run.failureReason}` : "");
    const alert = { text, runId: change.runId, job: run?.jobName ?? null, step: failure?.stepKey ?? null };
    if (webhook) {
      const response = await fetch(webhook, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alert),
      });
      if (!response.ok) console.error(`webhook answered ${response.status}`);
    }
    console.log(`ALERT ${JSON.stringify(alert)}`);
    if (++sent >= max) stop.abort();
  }
} finally {
  await client.close();
}
