// Errors a caller can act on. Each becomes a member of a mutation's result union in the API
// (see graphql/types/errorTypes.ts), with fields a script can read.

export class WeirApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A code location that is not serving its definitions, and why: the job may live there. */
export interface UnavailableLocation {
  name: string;
  /** The load error (with file and line when known), or "is still loading". */
  reason: string;
}

export class JobNotFoundError extends WeirApiError {
  constructor(
    readonly jobName: string,
    known: string[],
    unavailable: UnavailableLocation[] = [],
  ) {
    super(
      `job "${jobName}" is not defined in any loaded code location` +
        (known.length ? ` (known jobs: ${known.join(", ")})` : "") +
        unavailable.map((l) => `; code location "${l.name}" ${l.reason}`).join(""),
    );
  }
}

export interface ConfigViolation {
  path: string;
  message: string;
}

export class InvalidConfigError extends WeirApiError {
  constructor(
    readonly jobName: string,
    readonly violations: ConfigViolation[],
  ) {
    super(`invalid config for job "${jobName}": ${violations.map((v) => `${v.path || "(root)"}: ${v.message}`).join("; ")}`);
  }
}

export class RunNotFoundError extends WeirApiError {
  constructor(readonly runId: string) {
    super(`run ${runId} does not exist`);
  }
}

export class RunNotTerminableError extends WeirApiError {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`run ${runId} cannot be terminated: it is already ${status}`);
  }
}

export class RunInProgressError extends WeirApiError {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`run ${runId} is ${status}; terminate it before deleting it`);
  }
}

export class ReexecutionNotPossibleError extends WeirApiError {
  constructor(
    readonly runId: string,
    reason: string,
  ) {
    super(`run ${runId} cannot be re-executed: ${reason}`);
  }
}

export class AssetNotFoundError extends WeirApiError {
  constructor(readonly assetKeys: string[]) {
    super(`asset${assetKeys.length > 1 ? "s" : ""} not defined in any loaded code location: ${assetKeys.join(", ")}`);
  }
}

export class CodeLocationError extends WeirApiError {
  constructor(
    readonly locationName: string,
    detail: string,
  ) {
    super(`code location "${locationName}": ${detail}`);
  }
}

export class CodeLocationNotFoundError extends WeirApiError {
  constructor(readonly locationName: string) {
    super(`code location "${locationName}" is not configured`);
  }
}

export class InstigatorNotFoundError extends WeirApiError {
  constructor(
    readonly kind: "schedule" | "sensor",
    readonly instigatorName: string,
  ) {
    super(`${kind} "${instigatorName}" is not defined in any loaded code location`);
  }
}

/** A partition key that the target (a job or an asset) does not have. */
export class PartitionNotFoundError extends WeirApiError {
  constructor(
    readonly partitionKey: string,
    /** What was launched, e.g. `asset "orders"` or `job "daily_orders"`. */
    readonly target: string,
    known: string,
  ) {
    super(`partition "${partitionKey}" is not a partition of ${target}${known}`);
  }
}

/** A partition selection the target cannot take (a key on an unpartitioned target, a range it cannot run at once, ...). */
export class InvalidPartitionSelectionError extends WeirApiError {}
