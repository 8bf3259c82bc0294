// Errors of authorization, as members of the API's result unions (see authErrorTypes.ts).
import { WeirApiError } from "../errors.ts";

export class UnauthorizedError extends WeirApiError {
  constructor(
    message: string,
    readonly requiredRole: string | null = null,
  ) {
    super(message);
  }
}

export class ApiTokenNotFoundError extends WeirApiError {
  constructor(readonly tokenId: string) {
    super(`API token ${tokenId} does not exist`);
  }
}
