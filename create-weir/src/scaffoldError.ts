/** A scaffolding request Weir refuses (a non-empty directory, files it would overwrite, no package.json): its
 * message is one line saying what to do, printed without a stack. */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaffoldError";
  }
}
