// API tokens in the API: list (admin), create (admin; the secret is in the result once), revoke (admin).
import type { ApiToken } from "../generated/prisma/client.ts";
import { builder } from "../graphql/builder.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "./apiTokens.ts";
import { ROLES } from "./roles.ts";
import { ApiTokenNotFoundError } from "./unauthorizedError.ts";

/** API tokens: their query and mutations. */
export function registerApiTokenTypes(): void {
  const ApiTokenRoleEnum = builder.enumType("ApiTokenRole", {
    description:
      "VIEWER reads; OPERATOR also launches, terminates, re-executes, toggles schedules and sensors and reloads; ADMIN also manages tokens and deletes runs.",
    values: ROLES,
  });

  const ApiTokenType = builder.prismaObject("ApiToken", {
    description: "An API token; its secret is never shown again after creation.",
    fields: (t) => ({
      id: t.exposeID("id"),
      name: t.exposeString("name"),
      role: t.field({ type: ApiTokenRoleEnum, resolve: (r) => r.role }),
      prefix: t.exposeString("prefix", { description: "The first characters of the secret, to recognise it." }),
      createdAt: t.expose("createdAt", { type: "DateTime" }),
      revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
    }),
  });

  const CreateApiTokenInput = builder.inputType("CreateApiTokenInput", {
    fields: (t) => ({ name: t.string({ required: true }), role: t.field({ type: ApiTokenRoleEnum, required: true }) }),
  });

  const CreatedApiToken = builder.objectRef<{ token: string; apiToken: ApiToken }>("CreateApiTokenSuccess").implement({
    fields: (t) => ({
      token: t.exposeString("token", { description: "The secret. Store it now: only its hash is kept." }),
      apiToken: t.field({ type: ApiTokenType, resolve: (r) => r.apiToken }),
    }),
  });

  builder.queryField("apiTokens", (t) =>
    t.prismaField({
      type: ["ApiToken"],
      authScopes: { admin: true },
      args: { includeRevoked: t.arg.boolean({ required: false, defaultValue: true }) },
      resolve: (_query, _root, args, ctx) => listApiTokens(ctx.instance.store, { includeRevoked: args.includeRevoked ?? true }),
    }),
  );

  builder.mutationFields((t) => ({
    createApiToken: t.field({
      type: CreatedApiToken,
      authScopes: { admin: true },
      args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
      errors: { types: [], union: { name: "CreateApiTokenResult" }, directResult: true },
      resolve: async (_r, { input }, ctx) => {
        const { token, record } = await createApiToken(ctx.instance.store, { name: input.name, role: input.role });
        return { token, apiToken: record };
      },
    }),
    revokeApiToken: t.field({
      type: ApiTokenType,
      authScopes: { admin: true },
      description: "Revokes a token by id or shown prefix; it is refused from the next request on.",
      args: { id: t.arg.string({ required: true }) },
      errors: {
        types: [ApiTokenNotFoundError],
        union: { name: "RevokeApiTokenResult" },
        result: { name: "RevokeApiTokenSuccess" },
        dataField: { name: "apiToken" },
      },
      resolve: async (_r, args, ctx) => {
        const revoked = await revokeApiToken(ctx.instance.store, args.id);
        // Every API process closes the token's open websockets (subscriptions would otherwise go on).
        ctx.instance.bus.signal("apiTokenRevoked", { tokenId: revoked.id });
        return revoked;
      },
    }),
  }));
}
