import type { WeirInstance } from "../instance/weirInstance.ts";

export interface GraphQLContext {
  instance: WeirInstance;
}
