// Who is calling: resolved once per request (HTTP) or per operation (websocket) from the bearer token.
import { timingSafeEqual } from "node:crypto";
import type { Store } from "../store/openStore.ts";
import { findActiveToken, hashToken } from "./apiTokens.ts";
import type { AuthSettings } from "./authSettings.ts";
import type { Role } from "./roles.ts";

export interface Principal {
  /** null: no role at all (no token, or an unknown or revoked one). */
  role: Role | null;
  tokenId: string | null;
  /** Why there is no role, for the error message. */
  problem: "auth-disabled" | "no-token" | "invalid-token" | null;
}

const OPEN: Principal = { role: "ADMIN", tokenId: null, problem: "auth-disabled" };

/** The token from `Authorization: Bearer X` or websocket connection params { authorization } / { token }. */
export function bearerToken(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  if (match) return match[1]!;
  const bare = value.trim();
  return bare && !/\s/.test(bare) ? bare : null;
}

export function tokenFromConnectionParams(params: unknown): string | null {
  if (!params || typeof params !== "object") return null;
  const p = params as Record<string, unknown>;
  return bearerToken(p.authorization ?? p.Authorization ?? p.token);
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export async function authenticate(store: Store, settings: AuthSettings, token: string | null): Promise<Principal> {
  if (!settings.enabled) return OPEN;
  if (!token) return { role: null, tokenId: null, problem: "no-token" };
  if (settings.adminTokenHash && sameHash(hashToken(token), settings.adminTokenHash))
    return { role: "ADMIN", tokenId: null, problem: null };
  const found = await findActiveToken(store, token);
  return found ? { role: found.role, tokenId: found.id, problem: null } : { role: null, tokenId: null, problem: "invalid-token" };
}

export function unauthorizedMessage(principal: Principal, needed: Role | null): string {
  if (principal.problem === "no-token")
    return "authentication required: pass an API token (Authorization: Bearer TOKEN, or --token / WEIR_TOKEN)";
  if (principal.problem === "invalid-token") return "the API token is not valid (unknown or revoked)";
  return needed
    ? `this needs the ${needed.toLowerCase()} role; the token is a ${principal.role?.toLowerCase() ?? "no-role"} token`
    : "not allowed";
}
