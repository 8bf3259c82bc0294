// The IO manager contract: how a step's output is stored and how a later step (in another run) loads it.

export interface OutputContext {
  runId: string;
  stepKey: string;
  /** Set for asset steps. */
  assetKey?: string;
  partitionKey?: string | null;
  instanceDir: string;
}

export interface InputContext {
  /** The run that needs the value. */
  runId: string;
  /** The step that needs the value. */
  stepKey: string;
  /** The step that produced it. */
  upstreamStepKey: string;
  /** Set when the upstream is an asset (loaded from its latest materialization). */
  upstreamAssetKey?: string;
  /** For op upstreams: the run whose stored output to load (the parent run of a re-execution). */
  upstreamRunId?: string | null;
  /** The upstream partition to load (an input over several partitions is loaded one partition at a time). */
  partitionKey?: string | null;
  instanceDir: string;
}

export interface IOManager {
  /** Stores a step's output; may return metadata recorded on the materialization. */
  handleOutput(ctx: OutputContext, value: unknown): Promise<void | Record<string, unknown>>;
  loadInput(ctx: InputContext): Promise<unknown>;
  /**
   * Waits until every output handed to handleOutput so far is stored, rejecting with the first failure.
   * The executor calls it before a run's final event, so a manager may store outputs in the background.
   */
  flush?(): Promise<void>;
}
