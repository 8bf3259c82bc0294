// The error for a code location whose definitions cannot work; its message names the keys involved.

export class DefinitionError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = "DefinitionError";
  }
}
