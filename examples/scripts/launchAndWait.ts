// Launch a job and wait for it, printing its log as it runs; the exit code says whether it succeeded.
//   WEIR_URL=http://127.0.0.1:3000/graphql WEIR_TOKEN=... node --import tsx launchAndWait.ts etl '{"ops":{"fetch":{"url":"https://example.test"}}}'
import { InvalidConfigError, createWeirClient } from "@weir/client";

const [job, configJson] = process.argv.slice(2);
if (!job) {
  console.error("usage: launchAndWait.ts JOB [CONFIG_JSON]");
  process.exit(2);
}

const client = createWeirClient({ url: process.env.WEIR_URL ?? "http://127.0.0.1:3000/graphql", token: process.env.WEIR_TOKEN });
try {
  const run = await client.launchRun({
    job,
    config: configJson ? JSON.parse(configJson) : undefined,
    tags: { launched_by: "launchAndWait" },
  });
  console.log(`launched ${run.id}`);
  // The stream replays from the start and ends with the run, so nothing is missed even if the run is quick.
  for await (const event of client.runEvents(run.id)) {
    if (event.type === "LOG" || event.type.startsWith("RUN_") || event.type === "STEP_FAILURE")
      console.log(`[${event.seq}] ${event.type} ${event.message}`);
  }
  const final = await client.waitForRun(run.id);
  console.log(`run ${final.id} ${final.status}`);
  process.exitCode = final.status === "SUCCESS" ? 0 : 1;
} catch (error) {
  // Typed API errors: a script can react to the reason, not parse a message.
  if (error instanceof InvalidConfigError) for (const v of error.violations) console.error(`config ${v.path}: ${v.message}`);
  console.error(`launch failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
