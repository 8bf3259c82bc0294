// The few API calls the install tests make, over plain HTTP as any script would.
import type { RunStatus } from "@weir/sdk";
import { isFinished } from "@weir/sdk/statuses";

export async function graphql<T>(apiUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(apiUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-weir-request": "1" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Launches a job and polls until the run finishes; returns its id and final status. */
export async function launchAndWait(apiUrl: string, job: string, timeoutMs = 60_000): Promise<{ id: string; status: string }> {
  const launched = await graphql<{ launchRun: { __typename: string; message?: string; run?: { id: string } } }>(
    apiUrl,
    `mutation ($job: String!) { launchRun(input: { job: $job }) {
       __typename ... on LaunchRunSuccess { run { id } } ... on Error { message } } }`,
    { job },
  );
  const id = launched.launchRun.run?.id;
  if (!id) throw new Error(`launchRun(${job}): ${launched.launchRun.__typename}: ${launched.launchRun.message}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await graphql<{ run: { status: RunStatus } }>(apiUrl, "query ($id: ID!) { run(id: $id) { status } }", { id });
    if (isFinished(run.status)) return { id, status: run.status };
    if (Date.now() > deadline) throw new Error(`run ${id} of ${job} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
