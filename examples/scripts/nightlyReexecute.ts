// Re-execute, from the failed step, every run that failed in the last N hours and was not re-executed
// yet; wait for them and exit non-zero if any fails again. Meant for a nightly cron.
//   WEIR_URL=... WEIR_TOKEN=... node --import tsx nightlyReexecute.ts [--hours 24] [--job JOB] [--dry-run]
import { ReexecutionNotPossibleError, createWeirClient, type Run } from "@weir/client";

const args = process.argv.slice(2);
const hoursIndex = args.indexOf("--hours");
const hours = hoursIndex >= 0 ? Number(args[hoursIndex + 1]) : 24;
const jobIndex = args.indexOf("--job");
const job = jobIndex >= 0 ? args[jobIndex + 1] : undefined;
const dryRun = args.includes("--dry-run");
const client = createWeirClient({ url: process.env.WEIR_URL ?? "http://127.0.0.1:3000/graphql", token: process.env.WEIR_TOKEN });

try {
  const since = new Date(Date.now() - hours * 3600_000).toISOString();
  const recent: Run[] = [];
  for await (const page of client.listRuns({ filter: { createdAfter: since, job }, pageSize: 200 })) recent.push(...page);
  // A failed run already re-executed has a child run naming it as parent.
  const retried = new Set(recent.map((r) => r.parentRunId).filter((id): id is string => Boolean(id)));
  const todo = recent.filter((r) => r.status === "FAILURE" && !retried.has(r.id));
  console.log(`${todo.length} failed run(s) to re-execute since ${since}`);

  const children: Run[] = [];
  for (const run of todo) {
    if (dryRun) {
      console.log(`would re-execute ${run.id} (${run.jobName})`);
      continue;
    }
    try {
      const child = await client.reexecuteRun(run.id, "FROM_FAILURE");
      console.log(`re-executing ${run.id} (${run.jobName}) as ${child.id}`);
      children.push(child);
    } catch (error) {
      if (!(error instanceof ReexecutionNotPossibleError)) throw error;
      console.log(`skipping ${run.id}: ${error.message}`);
    }
  }
  const finals = await Promise.all(children.map((c) => client.waitForRun(c.id)));
  for (const f of finals) console.log(`${f.id} (${f.jobName}, from ${f.parentRunId}): ${f.status}`);
  const failed = finals.filter((f) => f.status !== "SUCCESS");
  console.log(`${finals.length - failed.length} succeeded, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
} finally {
  await client.close();
}
