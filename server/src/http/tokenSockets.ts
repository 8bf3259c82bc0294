// Open websockets by the API token that authenticated them, so that revoking a token ends its live
// subscriptions at once instead of at their next reconnect.
import type { WebSocket } from "ws";

/** graphql-ws's Forbidden: clients treat it as final and do not reconnect with the same token. */
export const TOKEN_REVOKED_CLOSE_CODE = 4403;
export const TOKEN_REVOKED_REASON = "Forbidden: the API token was revoked";

export interface TokenSockets {
  /** Tracks a socket until it closes. */
  add(tokenId: string, socket: WebSocket): void;
  /** Closes every socket opened with this token; returns how many. */
  closeForToken(tokenId: string): number;
}

export function createTokenSockets(): TokenSockets {
  const byToken = new Map<string, Set<WebSocket>>();
  return {
    add(tokenId, socket) {
      let sockets = byToken.get(tokenId);
      if (!sockets) byToken.set(tokenId, (sockets = new Set()));
      sockets.add(socket);
      socket.once("close", () => {
        sockets.delete(socket);
        if (sockets.size === 0 && byToken.get(tokenId) === sockets) byToken.delete(tokenId);
      });
    },
    closeForToken(tokenId) {
      const sockets = byToken.get(tokenId);
      if (!sockets) return 0;
      byToken.delete(tokenId);
      for (const socket of sockets) socket.close(TOKEN_REVOKED_CLOSE_CODE, TOKEN_REVOKED_REASON);
      return sockets.size;
    },
  };
}
