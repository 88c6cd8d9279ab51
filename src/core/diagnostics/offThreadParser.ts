// Parses each run's output in a worker thread when the engine is built with
// one (the app and `stepwise serve`), else on the calling thread (tests
// running the TypeScript sources). If the worker dies, a run's output is
// parsed again on the calling thread from the copy the terminal kept.
//
// What a flood of output costs the engine's thread here is measured by
// test/bench/terminalFlood.ts. Two things kept it low:
// - output crosses as UTF-8 bytes written straight into a batch buffer that
//   is then transferred, not copied: no joined strings, no structured clone;
// - the reply holds one diagnostic per fingerprint (all the issue tracker
//   keeps), so a build that repeats an error 10,000 times sends it once.
import { Worker } from 'node:worker_threads';
import { distinctDiagnostics } from '../issues/fingerprint';
import { OutputParser, parseOutput, type ParseResult } from './outputParser';

/** Bytes gathered before they cross to the worker. */
const BATCH_BYTES = 256 * 1024;
/** The most bytes UTF-8 takes for one UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

export type ParserWorkerRequest = { type: 'push'; id: number; bytes: Uint8Array } | { type: 'end'; id: number } | { type: 'close' };
/** A run's result, or that a pushed batch was parsed (how far behind the worker is). */
export type ParserWorkerReply = { type: 'result'; id: number; result: ParseResult } | { type: 'consumed'; bytes: number };

/**
 * Bytes sent and not yet parsed past which the worker is behind: the engine
 * stops reading its terminals (ParserService.onBacklog) until it is back
 * under the low mark, rather than queue a flood in memory. The worker is
 * niced, so on a busy machine it may well fall behind a pty.
 */
const BACKLOG_HIGH_BYTES = 32 * 1024 * 1024;
const BACKLOG_LOW_BYTES = 8 * 1024 * 1024;

export interface RunParse {
  push(chunk: string): void;
  /** The run's diagnostics, one per fingerprint, and test counts; `output` is the fallback input if the worker is gone. */
  end(output: string): Promise<ParseResult>;
}

/** A run's result as the engine keeps it: the first diagnostic of each fingerprint. */
export function distinctResult(result: ParseResult): ParseResult {
  return { ...result, diagnostics: [...distinctDiagnostics(result.diagnostics).values()] };
}

/** How long a worker asked to leave may take before it is terminated. */
const CLOSE_GRACE_MS = 2_000;

export class ParserService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: ParseResult) => void; output: string }>();
  /** Bytes sent to the worker and not parsed yet. */
  private inFlight = 0;
  private behind = false;
  private readonly backlogListeners = new Set<(behind: boolean) => void>();

  constructor(workerFile?: string) {
    if (!workerFile) return;
    const worker = new Worker(workerFile);
    worker.unref(); // never keeps the process alive on its own
    worker.on('message', (reply: ParserWorkerReply) => {
      if (reply.type === 'consumed') return this.consumed(reply.bytes);
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiting?.resolve(reply.result);
    });
    worker.on('error', (error) => {
      console.error(`[stepwise] output parser worker failed, parsing on the main thread from now on: ${error.message}`);
      this.fallBack();
    });
    worker.on('exit', () => this.fallBack());
    this.worker = worker;
  }

  begin(): RunParse {
    const worker = this.worker;
    if (!worker) {
      const parser = new OutputParser();
      return { push: (chunk) => void parser.push(chunk), end: async () => distinctResult(parser.end()) };
    }
    const id = this.nextId++;
    const encoder = new TextEncoder();
    // A pty hands over a few KiB at a time; one message per chunk would cost
    // the loop more than the parse it saves, so chunks travel in batches.
    let batch: Uint8Array<ArrayBuffer> | null = null;
    let used = 0;
    const send = (): void => {
      if (batch && used > 0 && this.worker === worker) {
        const bytes = batch.subarray(0, used);
        worker.postMessage({ type: 'push', id, bytes } satisfies ParserWorkerRequest, [batch.buffer]);
        this.sent(used);
      }
      batch = null;
      used = 0;
    };
    return {
      push: (chunk) => {
        const room = chunk.length * MAX_BYTES_PER_UNIT;
        if (batch && used + room > batch.length) send();
        batch ??= new Uint8Array(Math.max(BATCH_BYTES, room));
        // A UTF-16 pair split across chunks is written as two U+FFFD; node-pty
        // decodes UTF-8 whole characters, so its chunks never split one.
        used += encoder.encodeInto(chunk, batch.subarray(used)).written;
        if (used >= BATCH_BYTES) send();
      },
      end: (output) =>
        new Promise<ParseResult>((resolve) => {
          send();
          if (this.worker !== worker) return resolve(distinctResult(parseOutput(output)));
          this.waiting.set(id, { resolve, output });
          worker.postMessage({ type: 'end', id } satisfies ParserWorkerRequest);
        }),
    };
  }

  /** The worker is behind: feed it no more until onBacklog says it caught up. */
  get backlogged(): boolean {
    return this.behind;
  }

  /** Told `true` when the worker falls behind (stop feeding it), `false` once it caught up; returns the unsubscribe. */
  onBacklog(listener: (behind: boolean) => void): () => void {
    this.backlogListeners.add(listener);
    return () => this.backlogListeners.delete(listener);
  }

  private sent(bytes: number): void {
    this.inFlight += bytes;
    if (!this.behind && this.inFlight > BACKLOG_HIGH_BYTES) this.setBehind(true);
  }

  private consumed(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
    if (this.behind && this.inFlight < BACKLOG_LOW_BYTES) this.setBehind(false);
  }

  private setBehind(behind: boolean): void {
    this.behind = behind;
    for (const listener of [...this.backlogListeners]) listener(behind);
  }

  /**
   * Asks the worker to leave, and terminates it only if it has not within
   * CLOSE_GRACE_MS: Node 20 can abort the whole process (an assertion in
   * NodePlatform::ForIsolate) when terminate() lands while V8 is still
   * compiling the worker's hot code on a background thread.
   */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.fallBack();
    if (!worker || worker.threadId === -1) return; // none, or it has exited already
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ParserWorkerRequest);
    const stuck = setTimeout(() => {
      console.error(`[stepwise] the output parser worker did not leave within ${CLOSE_GRACE_MS / 1000} s: terminating it`);
      void worker.terminate();
    }, CLOSE_GRACE_MS);
    await exited;
    clearTimeout(stuck);
  }

  /** Without the worker, runs in flight are parsed here from their kept output. */
  private fallBack(): void {
    this.worker = null;
    this.inFlight = 0;
    if (this.behind) this.setBehind(false);
    for (const [id, { resolve, output }] of this.waiting) {
      this.waiting.delete(id);
      resolve(distinctResult(parseOutput(output)));
    }
  }
}
