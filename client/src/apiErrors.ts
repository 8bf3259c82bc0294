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

/** A GraphQL error that is not an error union member (a bug, a bad argument). */
export class WeirGraphQLError extends WeirClientError {
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
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
type MemberName = ErrorMember["__typename"];
type Member<N extends MemberName> = Extract<ErrorMember, { __typename: N }>;
/** Members the fragment selects fields of their own for (the others become a plain WeirClientError). */
type MemberWithFields = {
  [N in MemberName]: Exclude<keyof Member<N>, "__typename" | "message"> extends never ? never : N;
}[MemberName];

export interface ConfigViolation {
  path: string;
  message: string;
}

/**
 * The one table of the API's error union members (selected by ...ApiErrorFields): each __typename names
 * its class and says which fields the class carries. `satisfies` makes a member whose fields the fragment
 * selects but the table lacks a type error.
 */
const MEMBER_FIELDS = {
  JobNotFoundError: (m: Member<"JobNotFoundError">) => ({ jobName: m.jobName }),
  InvalidConfigError: (m: Member<"InvalidConfigError">) => ({
    jobName: m.jobName,
    violations: m.violations.map((v): ConfigViolation => ({ path: v.path, message: v.message })),
  }),
  RunNotFoundError: (m: Member<"RunNotFoundError">) => ({ runId: m.runId }),
  RunNotTerminableError: (m: Member<"RunNotTerminableError">) => ({ runId: m.runId, status: m.runStatus as string }),
  RunInProgressError: (m: Member<"RunInProgressError">) => ({ runId: m.runId, status: m.runStatus as string }),
  ReexecutionNotPossibleError: (m: Member<"ReexecutionNotPossibleError">) => ({ runId: m.runId }),
  AssetNotFoundError: (m: Member<"AssetNotFoundError">) => ({ assetKeys: m.assetKeys }),
  CodeLocationError: (m: Member<"CodeLocationError">) => ({ locationName: m.locationName }),
  CodeLocationNotFoundError: (m: Member<"CodeLocationNotFoundError">) => ({ locationName: m.locationName }),
  InstigatorNotFoundError: (m: Member<"InstigatorNotFoundError">) => ({
    kind: m.kind as string,
    instigatorName: m.instigatorName,
  }),
  ApiTokenNotFoundError: (m: Member<"ApiTokenNotFoundError">) => ({ tokenId: m.tokenId }),
  /** A partition key the launched job or asset does not have (InvalidPartitionSelectionError has no fields of its own). */
  PartitionNotFoundError: (m: Member<"PartitionNotFoundError">) => ({ partitionKey: m.partitionKey, target: m.target }),
  /** The token is missing, unknown or revoked, or its role does not allow the operation. */
  UnauthorizedError: (m: Member<"UnauthorizedError">) => ({ requiredRole: (m.requiredRole as string | null) ?? null }),
} satisfies { [N in MemberWithFields]: (member: Member<N>) => object };

type ClassName = keyof typeof MEMBER_FIELDS;
type Fields<N extends ClassName> = ReturnType<(typeof MEMBER_FIELDS)[N]>;
type ApiErrorClass<N extends ClassName> = new (message: string, fields: Fields<N>) => WeirClientError & Readonly<Fields<N>>;

/** How errorFromMember builds each member's error, by __typename. */
const builders = new Map<string, (message: string, fields: object) => WeirClientError>();

/** The class of one member: named for its __typename, carrying the fields its table entry returns. */
function apiErrorClass<N extends ClassName>(typename: N): ApiErrorClass<N> {
  const cls = class extends WeirClientError {
    constructor(message: string, fields: Fields<N>) {
      super(message, typename);
      Object.assign(this, fields);
    }
  };
  Object.defineProperty(cls, "name", { value: typename });
  builders.set(typename, (message, fields) => new cls(message, fields as Fields<N>));
  return cls as unknown as ApiErrorClass<N>;
}

export const JobNotFoundError = apiErrorClass("JobNotFoundError");
export type JobNotFoundError = InstanceType<typeof JobNotFoundError>;
export const InvalidConfigError = apiErrorClass("InvalidConfigError");
export type InvalidConfigError = InstanceType<typeof InvalidConfigError>;
export const RunNotFoundError = apiErrorClass("RunNotFoundError");
export type RunNotFoundError = InstanceType<typeof RunNotFoundError>;
export const RunNotTerminableError = apiErrorClass("RunNotTerminableError");
export type RunNotTerminableError = InstanceType<typeof RunNotTerminableError>;
export const RunInProgressError = apiErrorClass("RunInProgressError");
export type RunInProgressError = InstanceType<typeof RunInProgressError>;
export const ReexecutionNotPossibleError = apiErrorClass("ReexecutionNotPossibleError");
export type ReexecutionNotPossibleError = InstanceType<typeof ReexecutionNotPossibleError>;
export const AssetNotFoundError = apiErrorClass("AssetNotFoundError");
export type AssetNotFoundError = InstanceType<typeof AssetNotFoundError>;
export const CodeLocationError = apiErrorClass("CodeLocationError");
export type CodeLocationError = InstanceType<typeof CodeLocationError>;
export const CodeLocationNotFoundError = apiErrorClass("CodeLocationNotFoundError");
export type CodeLocationNotFoundError = InstanceType<typeof CodeLocationNotFoundError>;
export const InstigatorNotFoundError = apiErrorClass("InstigatorNotFoundError");
export type InstigatorNotFoundError = InstanceType<typeof InstigatorNotFoundError>;
export const ApiTokenNotFoundError = apiErrorClass("ApiTokenNotFoundError");
export type ApiTokenNotFoundError = InstanceType<typeof ApiTokenNotFoundError>;
export const PartitionNotFoundError = apiErrorClass("PartitionNotFoundError");
export type PartitionNotFoundError = InstanceType<typeof PartitionNotFoundError>;

/** Also raised for auth failures outside a union (a GraphQL error, a refused websocket): hence its own constructor. */
export class UnauthorizedError extends apiErrorClass("UnauthorizedError") {
  constructor(message: string, requiredRole: string | null = null) {
    super(message, { requiredRole });
  }
}
builders.set(
  "UnauthorizedError",
  (message, fields) => new UnauthorizedError(message, (fields as Fields<"UnauthorizedError">).requiredRole),
);

/** Turns an error union member (selected with ...ApiErrorFields) into its class. */
export function errorFromMember(member: ErrorMember): WeirClientError {
  const fields = (MEMBER_FIELDS as Record<string, ((m: ErrorMember) => object) | undefined>)[member.__typename];
  const build = builders.get(member.__typename);
  // A member without fields of its own, or added to the API after this client was generated.
  if (!fields || !build) return new WeirClientError(member.message, member.__typename);
  return build(member.message, fields(member));
}

/** A GraphQL error from the response's `errors` (auth failures on queries carry code UNAUTHORIZED). */
export function errorFromGraphQL(error: { message: string; extensions?: Record<string, unknown> | null }): WeirClientError {
  const extensions = error.extensions ?? {};
  if (extensions.code === "UNAUTHORIZED")
    return new UnauthorizedError(error.message, (extensions.requiredRole as string | null | undefined) ?? null);
  return new WeirGraphQLError(error.message, extensions);
}
