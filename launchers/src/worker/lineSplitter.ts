// Splits a byte stream into lines as chunks arrive. A line may span many chunks (a 10 MB event):
// its pieces are kept as a list and joined once, so a long line costs linear time, not quadratic.

export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Emits the last line when the stream did not end with a newline. */
  end(): void;
}

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  function emit(parts: Buffer[]): void {
    const line = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString("utf8");
    // Tolerate CRLF from writers on other platforms.
    onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  }

  return {
    push(chunk) {
      let start = 0;
      for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, newline);
        if (pendingBytes > 0) {
          pending.push(piece);
          emit(pending);
          pending = [];
          pendingBytes = 0;
        } else {
          emit([piece]);
        }
        start = newline + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
      }
    },
    end() {
      if (pendingBytes > 0) emit(pending);
      pending = [];
      pendingBytes = 0;
    },
  };
}
