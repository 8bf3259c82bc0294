// createWeirClient: the typed client for scripts and the `weir` CLI's remote commands. Queries and
// mutations go over HTTP through urql's core client; subscriptions over graphql-ws. Every API error
// union member is thrown as its class (see apiErrors.ts); nothing is returned as a string.
import {
  Client,
  fetchExchange,
  subscriptionExchange,
  type AnyVariables,
  type CombinedError,
  type TypedDocumentNode,
} from "@urql/core";
import { pipe, toAsyncIterable } from "wonka";
import { UnauthorizedError, WeirClientError, WeirNetworkError, errorFromGraphQL, errorFromMember } from "./apiErrors.ts";
import * as ops from "./generated/graphql.ts";
import { createSubscriptionTransport } from "./subscriptionTransport.ts";
import { FINISHED_STATUSES as SDK_FINISHED_STATUSES } from "@weir/sdk/statuses";

export type Run = ops.RunFieldsFragment;
export type RunDetails = NonNullable<ops.RunQuery["run"]>;
export type RunEvent = ops.RunEventFieldsFragment;
export type RunStatus = ops.RunStatus;
export type RunsFilter = ops.RunsFilter;
export type ReexecutionStrategy = ops.ReexecutionStrategy;
export type Asset = ops.AssetsQuery["assets"][number];
export type Schedule = ops.ScheduleFieldsFragment;
export type Sensor = ops.SensorFieldsFragment;
export type CodeLocation = ops.CodeLocationFieldsFragment;
export type ApiToken = ops.ApiTokenFieldsFragment;
export type ApiTokenRole = ops.ApiTokenRole;
export type RunStatusChange = ops.RunStatusChangedSubscription["runStatusChanged"];

/** Final statuses: the set @weir/sdk/statuses defines for the whole of Weir. */
export const FINISHED_STATUSES: readonly RunStatus[] = [...SDK_FINISHED_STATUSES];

export function isFinishedStatus(status: RunStatus): boolean {
  return SDK_FINISHED_STATUSES.has(status);
}

export interface WeirClientOptions {
  /** The API's GraphQL endpoint, e.g. http://127.0.0.1:3000/graphql. */
  url: string;
  /** An API token (sent as `Authorization: Bearer`, and in the websocket's connection params). */
  token?: string | null;
  /** How often a dropped runEvents stream is resumed before giving up (default 5). */
  reconnectAttempts?: number;
  /** First wait before resuming a dropped stream; doubles each attempt, at most 5 s (default 250 ms). */
  reconnectDelayMs?: number;
}

export interface LaunchRunOptions {
  job: string;
  config?: unknown;
  tags?: Record<string, string>;
  priority?: number;
  /** The partition the run is for (a partitioned job needs one, or a range). */
  partitionKey?: string;
  /** A range of partitions (both ends included) that one run materializes; every partitioned asset needs backfillPolicy "singleRun". */
  partitionKeyRange?: { start: string; end: string };
}

export interface MaterializeAssetsOptions {
  keys: string[];
  partitionKey?: string;
  partitionKeyRange?: { start: string; end: string };
  /** @deprecated use partitionKey. */
  partition?: string;
  tags?: Record<string, string>;
}

export interface RunEventsOptions {
  /** The seq of the last event already seen: the stream starts after it (0 = from the start). */
  after?: number;
  signal?: AbortSignal;
}

export interface WeirClient {
  readonly url: string;
  launchRun(options: LaunchRunOptions): Promise<Run>;
  materializeAssets(options: MaterializeAssetsOptions): Promise<Run>;
  /** Resolves with the run once it is SUCCESS, FAILURE or CANCELED. */
  waitForRun(runId: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Run>;
  /** The run's events in order, replayed after `after` then live; ends after the run's final event. Resumes after a dropped connection with no gap and no duplicate. */
  runEvents(runId: string, options?: RunEventsOptions): AsyncGenerator<RunEvent>;
  /** One page of stored events (no waiting). */
  getRunEvents(
    runId: string,
    options?: { after?: number; first?: number; last?: number },
  ): Promise<{ events: RunEvent[]; hasNextPage: boolean }>;
  runStatusChanges(filter?: RunsFilter, options?: { signal?: AbortSignal }): AsyncGenerator<RunStatusChange>;
  terminateRun(runId: string): Promise<Run>;
  reexecuteRun(runId: string, strategy?: ReexecutionStrategy): Promise<Run>;
  deleteRun(runId: string): Promise<string>;
  getRun(runId: string): Promise<RunDetails | null>;
  /** Runs newest first, one page (array) at a time. */
  listRuns(options?: { filter?: RunsFilter; pageSize?: number }): AsyncGenerator<Run[]>;
  assets(options?: { group?: string }): Promise<Asset[]>;
  codeLocations(): Promise<CodeLocation[]>;
  reloadCodeLocation(name: string): Promise<CodeLocation>;
  schedules(): Promise<Schedule[]>;
  startSchedule(name: string): Promise<Schedule>;
  stopSchedule(name: string): Promise<Schedule>;
  sensors(): Promise<Sensor[]>;
  startSensor(name: string): Promise<Sensor>;
  stopSensor(name: string): Promise<Sensor>;
  setSensorCursor(name: string, cursor: string | null): Promise<Sensor>;
  apiTokens(options?: { includeRevoked?: boolean }): Promise<ApiToken[]>;
  /** The secret is in the result once and never again. */
  createApiToken(options: { name: string; role: ApiTokenRole }): Promise<{ token: string; apiToken: ApiToken }>;
  revokeApiToken(idOrPrefix: string): Promise<ApiToken>;
  /** Closes the websocket, if one was opened. */
  close(): Promise<void>;
}

function tagList(tags: Record<string, string> | undefined): ops.TagInput[] | undefined {
  return tags ? Object.entries(tags).map(([key, value]) => ({ key, value })) : undefined;
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return (
    typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "number" && "reason" in value
  );
}

function errorFromCombined(error: CombinedError, url: string): WeirClientError {
  const first = error.graphQLErrors[0];
  if (first) return errorFromGraphQL(first);
  const network = error.networkError as unknown;
  if (isCloseEvent(network)) {
    if (network.code === 4403 || network.code === 4401)
      return new UnauthorizedError("the API refused the websocket: a valid API token is required");
    return new WeirNetworkError(
      `the connection to ${url} closed (code ${network.code}${network.reason ? `: ${network.reason}` : ""})`,
    );
  }
  const cause = (network as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (network as Error | undefined)?.message ?? error.message;
  return new WeirNetworkError(`cannot reach the Weir API at ${url}: ${detail}`, { cause: network });
}

const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

export function createWeirClient(options: WeirClientOptions): WeirClient {
  const url = options.url;
  const token = options.token || null;
  const reconnectAttempts = options.reconnectAttempts ?? 5;
  const reconnectDelayMs = options.reconnectDelayMs ?? 250;
  const transport = createSubscriptionTransport(url, token);
  const urql = new Client({
    url,
    exchanges: [fetchExchange, subscriptionExchange({ forwardSubscription: transport.forward })],
    // The API refuses a POST without x-weir-request (its guard against cross-site requests).
    fetchOptions: { headers: { "x-weir-request": "@weir/client", ...(token ? { authorization: `Bearer ${token}` } : {}) } },
    requestPolicy: "network-only",
  });

  async function query<D, V extends AnyVariables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D> {
    const result = await urql.query(document, variables).toPromise();
    if (result.error) throw errorFromCombined(result.error, url);
    return result.data as D;
  }

  /** Runs a mutation and returns its union member, throwing the error members as their classes. */
  async function mutate<D, V extends AnyVariables, K extends keyof D, S extends string>(
    document: TypedDocumentNode<D, V>,
    variables: V,
    field: K,
    success: S,
  ): Promise<Extract<D[K], { __typename: S }>> {
    const result = await urql.mutation(document, variables).toPromise();
    if (result.error) throw errorFromCombined(result.error, url);
    const member = (result.data as D)[field] as { __typename: string; message?: string };
    if (member.__typename === success) return member as Extract<D[K], { __typename: S }>;
    throw errorFromMember(member as Parameters<typeof errorFromMember>[0]);
  }

  async function* subscribe<D, V extends AnyVariables>(
    document: TypedDocumentNode<D, V>,
    variables: V,
    signal?: AbortSignal,
  ): AsyncGenerator<D> {
    const iterator = pipe(urql.subscription(document, variables), toAsyncIterable)[Symbol.asyncIterator]();
    const onAbort = () => void iterator.return?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        const next = await iterator.next();
        if (next.done) return;
        if (next.value.error) throw errorFromCombined(next.value.error, url);
        if (next.value.data) yield next.value.data as D;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await iterator.return?.();
    }
  }

  const client: WeirClient = {
    url,
    async launchRun({ job, config, tags, priority, partitionKey, partitionKeyRange }) {
      const r = await mutate(
        ops.LaunchRunDocument,
        { input: { job, config: config ?? {}, tags: tagList(tags), priority, partitionKey, partitionKeyRange } },
        "launchRun",
        "LaunchRunSuccess",
      );
      return r.run;
    },
    async materializeAssets({ keys, partition, partitionKey, partitionKeyRange, tags }) {
      const r = await mutate(
        ops.MaterializeAssetsDocument,
        { input: { keys, partitionKey: partitionKey ?? partition, partitionKeyRange, tags: tagList(tags) } },
        "materializeAssets",
        "MaterializeAssetsSuccess",
      );
      return r.run;
    },
    async waitForRun(runId, { timeoutMs, signal } = {}) {
      const timeout = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
      const stop = signal && timeout ? AbortSignal.any([signal, timeout]) : (signal ?? timeout);
      const current = await client.getRun(runId);
      if (!current) throw errorFromMember({ __typename: "RunNotFoundError", message: `run ${runId} does not exist`, runId });
      if (!isFinishedStatus(current.status)) {
        // Only new events matter: start the stream after the last stored one; it ends with the run.
        const { events } = await client.getRunEvents(runId, { last: 1 });
        for await (const _event of client.runEvents(runId, { after: events[0]?.seq ?? 0, signal: stop })) {
          // draining until the run's final event
        }
        if (timeout?.aborted) throw new WeirClientError(`run ${runId} did not finish within ${timeoutMs} ms`, "Timeout");
        if (signal?.aborted) throw new WeirClientError(`waiting for run ${runId} was aborted`, "Aborted");
      }
      const final = await client.getRun(runId);
      if (!final) throw errorFromMember({ __typename: "RunNotFoundError", message: `run ${runId} does not exist`, runId });
      return final;
    },
    async *runEvents(runId, { after = 0, signal } = {}) {
      let cursor = after;
      let failures = 0;
      for (;;) {
        try {
          for await (const data of subscribe(ops.RunEventsDocument, { runId, after: cursor }, signal)) {
            for (const event of data.runEvents.events) {
              // A resumed stream starts after the cursor; this guard makes a duplicate impossible regardless.
              if (event.seq <= cursor) continue;
              cursor = event.seq;
              failures = 0;
              yield event;
            }
          }
          return;
        } catch (error) {
          if (!(error instanceof WeirNetworkError) || signal?.aborted || ++failures > reconnectAttempts) throw error;
          await delay(Math.min(reconnectDelayMs * 2 ** (failures - 1), 5000), signal);
        }
      }
    },
    async getRunEvents(runId, { after, first, last } = {}) {
      const data = await query(ops.RunEventsPageDocument, {
        runId,
        after: after === undefined ? undefined : String(after),
        first: last === undefined ? (first ?? 1000) : undefined,
        last,
      });
      return { events: data.runEvents.edges.map((e) => e.node), hasNextPage: data.runEvents.pageInfo.hasNextPage };
    },
    async *runStatusChanges(filter, { signal } = {}) {
      for await (const data of subscribe(ops.RunStatusChangedDocument, { filter }, signal)) yield data.runStatusChanged;
    },
    async terminateRun(runId) {
      return (await mutate(ops.TerminateRunDocument, { id: runId }, "terminateRun", "TerminateRunSuccess")).run;
    },
    async reexecuteRun(runId, strategy = "FROM_FAILURE") {
      return (await mutate(ops.ReexecuteRunDocument, { id: runId, strategy }, "reexecuteRun", "ReexecuteRunSuccess")).run;
    },
    async deleteRun(runId) {
      return (await mutate(ops.DeleteRunDocument, { id: runId }, "deleteRun", "DeleteRunSuccess")).deletedRunId;
    },
    async getRun(runId) {
      return (await query(ops.RunDocument, { id: runId })).run;
    },
    async *listRuns({ filter, pageSize = 50 } = {}) {
      let after: string | null | undefined;
      for (;;) {
        const data = await query(ops.RunsDocument, { first: pageSize, after, filter });
        const page = data.runs.edges.map((e) => e.node);
        if (page.length) yield page;
        if (!data.runs.pageInfo.hasNextPage || !data.runs.pageInfo.endCursor) return;
        after = data.runs.pageInfo.endCursor;
      }
    },
    async assets({ group } = {}) {
      return (await query(ops.AssetsDocument, { group })).assets;
    },
    async codeLocations() {
      return (await query(ops.CodeLocationsDocument, {})).codeLocations;
    },
    async reloadCodeLocation(name) {
      return (await mutate(ops.ReloadCodeLocationDocument, { name }, "reloadCodeLocation", "ReloadCodeLocationSuccess")).location;
    },
    async schedules() {
      return (await query(ops.SchedulesDocument, {})).schedules;
    },
    startSchedule: (name) => mutate(ops.StartScheduleDocument, { name }, "startSchedule", "Schedule"),
    stopSchedule: (name) => mutate(ops.StopScheduleDocument, { name }, "stopSchedule", "Schedule"),
    async sensors() {
      return (await query(ops.SensorsDocument, {})).sensors;
    },
    startSensor: (name) => mutate(ops.StartSensorDocument, { name }, "startSensor", "Sensor"),
    stopSensor: (name) => mutate(ops.StopSensorDocument, { name }, "stopSensor", "Sensor"),
    setSensorCursor: (name, cursor) => mutate(ops.SetSensorCursorDocument, { name, cursor }, "setSensorCursor", "Sensor"),
    async apiTokens({ includeRevoked = true } = {}) {
      return (await query(ops.ApiTokensDocument, { includeRevoked })).apiTokens;
    },
    async createApiToken({ name, role }) {
      const r = await mutate(ops.CreateApiTokenDocument, { input: { name, role } }, "createApiToken", "CreateApiTokenSuccess");
      return { token: r.token, apiToken: r.apiToken };
    },
    async revokeApiToken(idOrPrefix) {
      return (await mutate(ops.RevokeApiTokenDocument, { id: idOrPrefix }, "revokeApiToken", "RevokeApiTokenSuccess")).apiToken;
    },
    close: () => transport.dispose(),
  };
  return client;
}
