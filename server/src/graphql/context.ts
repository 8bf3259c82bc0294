import type { Principal } from "../auth/principal.ts";
import type { WeirInstance } from "../instance/weirInstance.ts";

export interface GraphQLContext {
  instance: WeirInstance;
  /** Who is calling (from the API token); everyone is an admin when auth is off. */
  principal: Principal;
}
