// The GraphQL object types of the auth errors; every mutation's result union includes UnauthorizedError
// (the errors plugin's defaultTypes in builder.ts).
import { builder } from "../graphql/builder.ts";
import { ErrorInterface } from "../graphql/types/errorTypes.ts";
import { ApiTokenNotFoundError, UnauthorizedError } from "./unauthorizedError.ts";

/** The auth errors' object types. */
export function registerAuthErrorTypes(): void {
  builder.objectType(UnauthorizedError, {
    name: "UnauthorizedError",
    description: "The caller's token is missing, invalid or revoked, or its role does not allow this.",
    interfaces: [ErrorInterface],
    fields: (t) => ({ requiredRole: t.exposeString("requiredRole", { nullable: true }) }),
  });

  builder.objectType(ApiTokenNotFoundError, {
    name: "ApiTokenNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ tokenId: t.exposeString("tokenId") }),
  });
}
