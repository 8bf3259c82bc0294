// API tokens in the store. The secret is `weir_` + 32 random bytes (base64url); only its sha256 is
// stored, so a leaked database does not leak usable tokens, and the secret is shown once.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { ApiToken } from "../generated/prisma/client.ts";
import type { Store } from "../store/openStore.ts";
import type { Role } from "./roles.ts";
import { ApiTokenNotFoundError } from "./unauthorizedError.ts";

export const TOKEN_PREFIX = "weir_";
/** How much of the secret lists show: enough to tell tokens apart, far too little to guess the rest. */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export interface CreatedApiToken {
  /** The secret: returned here and never again. */
  token: string;
  record: ApiToken;
}

export async function createApiToken(store: Store, input: { name: string; role: Role }): Promise<CreatedApiToken> {
  const token = generateTokenSecret();
  const record = await store.prisma.apiToken.create({
    data: {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      tokenHash: hashToken(token),
    },
  });
  return { token, record };
}

export function listApiTokens(store: Store, { includeRevoked = true } = {}): Promise<ApiToken[]> {
  return store.prisma.apiToken.findMany({
    where: includeRevoked ? {} : { revokedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Revokes by id or by shown prefix; revoking twice keeps the first revocation time. */
export async function revokeApiToken(store: Store, idOrPrefix: string): Promise<ApiToken> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const found = await store.prisma.apiToken.findFirst({ where: isUuid ? { id: idOrPrefix } : { prefix: idOrPrefix } });
  if (!found) throw new ApiTokenNotFoundError(idOrPrefix);
  if (found.revokedAt) return found;
  return store.prisma.apiToken.update({ where: { id: found.id }, data: { revokedAt: new Date() } });
}

/** The live (not revoked) token with this secret, or null. */
export async function findActiveToken(store: Store, secret: string): Promise<ApiToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const found = await store.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  return found && !found.revokedAt ? found : null;
}
