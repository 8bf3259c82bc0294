// The one Pothos schema builder: prisma for stored records, relay for connections, errors for the
// result unions of mutations, scope-auth for roles (viewer reads, operator acts, admin administers).
import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { GraphQLError, Kind, valueFromASTUntyped } from "graphql";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import { authScopesFor, unauthorizedErrorFor, type WeirAuthScopes } from "../auth/authScopes.ts";
import { UnauthorizedError } from "../auth/unauthorizedError.ts";
import type { GraphQLContext } from "./context.ts";

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: WeirAuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date };
  };
}>({
  // Errors before scope-auth: a mutation's auth failure becomes its UnauthorizedError union member.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: { authorizeOnSubscribe: true, authScopes: authScopesFor, unauthorizedError: unauthorizedErrorFor },
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.instance.store.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    defaultConnectionSize: 50,
    maxConnectionSize: 1000,
  },
  relay: { clientMutationId: "omit", cursorType: "String" },
  errors: { defaultTypes: [UnauthorizedError] },
});

builder.scalarType("JSON", {
  description: "Any JSON value.",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

builder.scalarType("DateTime", {
  description: "An ISO-8601 timestamp.",
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: (value) => {
    const date = new Date(value as string);
    if (typeof value !== "string" || Number.isNaN(date.getTime()))
      throw new GraphQLError(`"${String(value)}" is not an ISO-8601 timestamp`);
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError("DateTime literals must be ISO-8601 strings");
    return date;
  },
});

// Every root field needs a role; fields that need more say so themselves (authScopes: { admin: true }).
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });
