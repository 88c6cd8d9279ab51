// Terminal flow-control numbers, shared by the engine (which pauses the pty)
// and the client (which acknowledges what xterm.js has parsed). The window is
// wide (a few hundred ms of xterm.js parsing) and resumes early: the page
// writes what it was sent in large pieces (terminalWriter.ts) and acknowledges
// each once parsed, and the pty must be reading again before the page has
// parsed what it holds, or the page waits on the round trip (a 10 MB flood ran
// at a third of xterm.js's speed with VS Code's 100,000/5,000).
export const FlowControl = {
  /** Unacknowledged characters at which the engine pauses the pty. */
  HighWatermarkChars: 2_000_000,
  /** Unacknowledged characters below which a paused pty resumes. */
  LowWatermarkChars: 1_500_000,
  /** The client acknowledges once it has parsed at least this many characters. */
  CharCountAckSize: 100_000,
} as const;

/** How long output is gathered before it crosses to the client, in ms. */
export const OUTPUT_BATCH_MS = 5;
/**
 * In a flood (the last batch held at least FLOOD_BATCH_CHARS), how long the
 * next one gathers, unless it reaches FLOOD_BATCH_MAX_CHARS first: a pty
 * gives 4 KB a read, and a message every 5 ms cost the page a task and often
 * a frame each.
 */
export const FLOOD_BATCH_MS = 20;
export const FLOOD_BATCH_CHARS = 32 * 1024;
export const FLOOD_BATCH_MAX_CHARS = 256 * 1024;
