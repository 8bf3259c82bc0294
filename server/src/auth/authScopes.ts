// The scope-auth plugin's side of roles: one boolean scope per role, and the error a caller gets when
// a field needs a role they lack (an UnauthorizedError union member for mutations, a GraphQL error
// elsewhere).
import type { AuthFailure, ForbiddenResult } from "@pothos/plugin-scope-auth";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { GraphQLContext } from "../graphql/context.ts";
import { unauthorizedMessage } from "./principal.ts";
import { roleAllows, type Role } from "./roles.ts";
import { UnauthorizedError } from "./unauthorizedError.ts";

export interface WeirAuthScopes {
  viewer: boolean;
  operator: boolean;
  admin: boolean;
}

const SCOPE_ROLES: Record<keyof WeirAuthScopes, Role> = { viewer: "VIEWER", operator: "OPERATOR", admin: "ADMIN" };

export function authScopesFor(ctx: GraphQLContext): WeirAuthScopes {
  const role = ctx.principal.role;
  return { viewer: roleAllows(role, "VIEWER"), operator: roleAllows(role, "OPERATOR"), admin: roleAllows(role, "ADMIN") };
}

function failedRole(failure: AuthFailure): Role | null {
  if (failure.kind === "AuthScope" && failure.scope in SCOPE_ROLES) return SCOPE_ROLES[failure.scope as keyof WeirAuthScopes];
  if (failure.kind === "AnyAuthScopes" || failure.kind === "AllAuthScopes") {
    for (const f of failure.failures) {
      const role = failedRole(f);
      if (role) return role;
    }
  }
  return null;
}

export function unauthorizedErrorFor(
  _parent: unknown,
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  result: ForbiddenResult,
): Error {
  const needed = failedRole(result.failure);
  const message = unauthorizedMessage(ctx.principal, needed);
  // Mutations list UnauthorizedError in their result unions (the errors plugin turns it into data).
  if (info.parentType.name === "Mutation") return new UnauthorizedError(message, needed?.toLowerCase() ?? null);
  return new GraphQLError(message, { extensions: { code: "UNAUTHORIZED", requiredRole: needed?.toLowerCase() ?? null } });
}
