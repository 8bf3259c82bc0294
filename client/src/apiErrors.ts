// The API's error union members (and auth/GraphQL/network failures) as classes a script can catch
// with instanceof and read fields from, instead of parsing message strings.
import type { ApiErrorFieldsFragment } from "./generated/graphql.ts";

/** Base of every error the client throws. `typename` is the API's __typename when it came from one. */
export class WeirClientError extends Error {
  readonly typename: string;
  constructor(message: string, typename = "WeirClientError", options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.typename = typename;
  }
}

export class JobNotFoundError extends WeirClientError {
  constructor(message: string, readonly jobName: string) {
    super(message, "JobNotFoundError");
  }
}

export interface ConfigViolation {
  path: string;
  message: string;
}

export class InvalidConfigError extends WeirClientError {
  constructor(message: string, readonly jobName: string, readonly violations: ConfigViolation[]) {
    super(message, "InvalidConfigError");
  }
}

export class RunNotFoundError extends WeirClientError {
  constructor(message: string, readonly runId: string) {
    super(message, "RunNotFoundError");
  }
}

export class RunNotTerminableError extends WeirClientError {
  constructor(message: string, readonly runId: string, readonly status: string) {
    super(message, "RunNotTerminableError");
  }
}

export class RunInProgressError extends WeirClientError {
  constructor(message: string, readonly runId: string, readonly status: string) {
    super(message, "RunInProgressError");
  }
}

export class ReexecutionNotPossibleError extends WeirClientError {
  constructor(message: string, readonly runId: string) {
    super(message, "ReexecutionNotPossibleError");
  }
}

export class AssetNotFoundError extends WeirClientError {
  constructor(message: string, readonly assetKeys: string[]) {
    super(message, "AssetNotFoundError");
  }
}

export class CodeLocationError extends WeirClientError {
  constructor(message: string, readonly locationName: string) {
    super(message, "CodeLocationError");
  }
}

export class CodeLocationNotFoundError extends WeirClientError {
  constructor(message: string, readonly locationName: string) {
    super(message, "CodeLocationNotFoundError");
  }
}

export class InstigatorNotFoundError extends WeirClientError {
  constructor(message: string, readonly kind: string, readonly instigatorName: string) {
    super(message, "InstigatorNotFoundError");
  }
}

export class ApiTokenNotFoundError extends WeirClientError {
  constructor(message: string, readonly tokenId: string) {
    super(message, "ApiTokenNotFoundError");
  }
}

/** The token is missing, unknown or revoked, or its role does not allow the operation. */
export class UnauthorizedError extends WeirClientError {
  constructor(message: string, readonly requiredRole: string | null = null) {
    super(message, "UnauthorizedError");
  }
}

/** A GraphQL error that is not one of the above (a bug, a bad argument). */
export class WeirGraphQLError extends WeirClientError {
  constructor(message: string, readonly extensions: Record<string, unknown> = {}) {
    super(message, "GraphQLError");
  }
}

/** The API could not be reached, or the connection failed. */
export class WeirNetworkError extends WeirClientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, "NetworkError", options);
  }
}

type ErrorMember = Extract<ApiErrorFieldsFragment, { __typename: string }>;

/** Turns an error union member (selected with ...ApiErrorFields) into its class. */
export function errorFromMember(member: ErrorMember): WeirClientError {
  switch (member.__typename) {
    case "JobNotFoundError":
      return new JobNotFoundError(member.message, member.jobName);
    case "InvalidConfigError":
      return new InvalidConfigError(member.message, member.jobName, member.violations.map((v) => ({ path: v.path, message: v.message })));
    case "RunNotFoundError":
      return new RunNotFoundError(member.message, member.runId);
    case "RunNotTerminableError":
      return new RunNotTerminableError(member.message, member.runId, member.runStatus);
    case "RunInProgressError":
      return new RunInProgressError(member.message, member.runId, member.runStatus);
    case "ReexecutionNotPossibleError":
      return new ReexecutionNotPossibleError(member.message, member.runId);
    case "AssetNotFoundError":
      return new AssetNotFoundError(member.message, member.assetKeys);
    case "CodeLocationError":
      return new CodeLocationError(member.message, member.locationName);
    case "CodeLocationNotFoundError":
      return new CodeLocationNotFoundError(member.message, member.locationName);
    case "InstigatorNotFoundError":
      return new InstigatorNotFoundError(member.message, member.kind, member.instigatorName);
    case "UnauthorizedError":
      return new UnauthorizedError(member.message, member.requiredRole ?? null);
    case "ApiTokenNotFoundError":
      return new ApiTokenNotFoundError(member.message, member.tokenId);
    default: {
      // A member added to the API after this client was generated.
      const unknown = member as { __typename: string; message: string };
      return new WeirClientError(unknown.message, unknown.__typename);
    }
  }
}

/** A GraphQL error from the response's `errors` (auth failures on queries carry code UNAUTHORIZED). */
export function errorFromGraphQL(error: { message: string; extensions?: Record<string, unknown> | null }): WeirClientError {
  const extensions = error.extensions ?? {};
  if (extensions.code === "UNAUTHORIZED") return new UnauthorizedError(error.message, (extensions.requiredRole as string | null | undefined) ?? null);
  return new WeirGraphQLError(error.message, extensions);
}
