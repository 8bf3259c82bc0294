// Splits Docker's multiplexed stdout/stderr stream (a non-TTY attach or logs stream) into its two
// streams. Each frame is an 8-byte header (stream type, 3 zero bytes, uint32 big-endian length) then
// the payload. Written here instead of modem.demuxStream, which re-copies its whole buffer for every
// frame: a flood of short log lines (many frames per socket chunk) made that quadratic.

export interface DockerStreamDemuxer {
  push(chunk: Buffer): void;
  /** Bytes of an incomplete frame still waiting for the rest (0 when the stream ended cleanly). */
  pendingBytes(): number;
}

const HEADER_BYTES = 8;

export function createDockerStreamDemuxer(
  onStdout: (data: Buffer) => void,
  onStderr: (data: Buffer) => void,
): DockerStreamDemuxer {
  let carry: Buffer = Buffer.alloc(0);
  // Payload bytes of the current frame not yet received, and where they go.
  let remaining = 0;
  let target: (data: Buffer) => void = onStdout;

  return {
    push(chunk) {
      let buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      carry = Buffer.alloc(0);
      let offset = 0;
      while (offset < buffer.length) {
        if (remaining > 0) {
          // Inside a frame's payload: forward what arrived without waiting for the whole frame, so a
          // 10 MB frame is never buffered twice.
          const take = Math.min(remaining, buffer.length - offset);
          target(buffer.subarray(offset, offset + take));
          offset += take;
          remaining -= take;
          continue;
        }
        if (buffer.length - offset < HEADER_BYTES) {
          carry = Buffer.from(buffer.subarray(offset));
          return;
        }
        const type = buffer[offset];
        remaining = buffer.readUInt32BE(offset + 4);
        target = type === 2 ? onStderr : onStdout; // 0 (stdin) never appears on an output stream
        offset += HEADER_BYTES;
      }
      buffer = Buffer.alloc(0);
    },
    pendingBytes: () => remaining + carry.length,
  };
}
