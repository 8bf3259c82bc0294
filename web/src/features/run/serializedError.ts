/** An error as the executor serializes it into a failure event's `data.error`, with its cause chain. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
}
