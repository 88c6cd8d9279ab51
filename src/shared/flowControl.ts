// Terminal flow-control numbers, shared by the engine (which pauses the pty)
// and the client (which acknowledges what xterm.js has parsed). The values are
// VS Code's, tuned for the same xterm.js parser.
export const FlowControl = {
  /** Unacknowledged characters at which the engine pauses the pty. */
  HighWatermarkChars: 100_000,
  /** Unacknowledged characters below which a paused pty resumes. */
  LowWatermarkChars: 5_000,
  /** The client acknowledges after parsing this many characters. */
  CharCountAckSize: 5_000,
} as const;

/** How long output is gathered before it crosses to the client, in ms. */
export const OUTPUT_BATCH_MS = 5;
