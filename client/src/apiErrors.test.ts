import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ApiTokenNotFoundError,
  errorFromGraphQL,
  errorFromMember,
  InstigatorNotFoundError,
  InvalidConfigError,
  RunNotTerminableError,
  UnauthorizedError,
  WeirClientError,
  WeirGraphQLError,
} from "./apiErrors.ts";

test("an error union member becomes the class named for its __typename, with its fields", () => {
  const error = errorFromMember({
    __typename: "RunNotTerminableError",
    message: "run r1 is SUCCESS",
    runId: "r1",
    runStatus: "SUCCESS",
  });
  assert.ok(error instanceof RunNotTerminableError);
  assert.ok(error instanceof WeirClientError);
  assert.equal(error.name, "RunNotTerminableError");
  assert.equal(error.typename, "RunNotTerminableError");
  assert.equal(error.message, "run r1 is SUCCESS");
  assert.deepEqual({ runId: error.runId, status: error.status }, { runId: "r1", status: "SUCCESS" });
});

test("aliased and nested fields come out under the class's own names", () => {
  const config = errorFromMember({
    __typename: "InvalidConfigError",
    message: "bad config",
    jobName: "etl",
    // The API's objects may carry more than the client reads (here __typename).
    violations: [
      { __typename: "ConfigViolation", path: "ops.fetch.url", message: "Invalid URL" } as { path: string; message: string },
    ],
  });
  assert.ok(config instanceof InvalidConfigError);
  assert.deepEqual(config.violations, [{ path: "ops.fetch.url", message: "Invalid URL" }]);
  const instigator = errorFromMember({
    __typename: "InstigatorNotFoundError",
    message: "no sensor",
    kind: "SENSOR",
    instigatorName: "s1",
  });
  assert.ok(instigator instanceof InstigatorNotFoundError);
  assert.deepEqual({ kind: instigator.kind, name: instigator.instigatorName }, { kind: "SENSOR", name: "s1" });
  const token = errorFromMember({ __typename: "ApiTokenNotFoundError", message: "no token", tokenId: "t1" });
  assert.ok(token instanceof ApiTokenNotFoundError);
  assert.equal(token.tokenId, "t1");
});

test("UnauthorizedError comes from a union member, a GraphQL error or a direct construction alike", () => {
  const fromMember = errorFromMember({ __typename: "UnauthorizedError", message: "needs OPERATOR", requiredRole: "OPERATOR" });
  assert.ok(fromMember instanceof UnauthorizedError);
  assert.equal(fromMember.name, "UnauthorizedError");
  assert.equal(fromMember.requiredRole, "OPERATOR");
  const fromGraphQL = errorFromGraphQL({ message: "no token", extensions: { code: "UNAUTHORIZED", requiredRole: "ADMIN" } });
  assert.ok(fromGraphQL instanceof UnauthorizedError);
  assert.equal((fromGraphQL as UnauthorizedError).requiredRole, "ADMIN");
  assert.equal(new UnauthorizedError("refused").requiredRole, null);
  assert.ok(errorFromGraphQL({ message: "boom" }) instanceof WeirGraphQLError);
});

test("a member without fields of its own, or unknown to this client, is a WeirClientError carrying its __typename", () => {
  for (const __typename of ["InvalidRunQueueLimitsError", "SomeFutureError"]) {
    const error = errorFromMember({ __typename, message: "nope" } as Parameters<typeof errorFromMember>[0]);
    assert.equal(error.constructor, WeirClientError);
    assert.equal(error.typename, __typename);
    assert.equal(error.message, "nope");
  }
});
