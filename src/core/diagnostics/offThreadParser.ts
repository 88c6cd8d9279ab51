// Parses each run's output in a worker thread when the engine is built with
// one (the app and `stepwise serve`), else on the calling thread (tests
// running the TypeScript sources). If the worker dies, a run's output is
// parsed again on the calling thread from the copy the terminal kept.
import { Worker } from 'node:worker_threads';
import { OutputParser, parseOutput, type ParseResult } from './outputParser';

/** Characters gathered before they cross to the worker. */
const BATCH_CHARS = 256 * 1024;

export type ParserWorkerRequest = { type: 'push'; id: number; chunk: string } | { type: 'end'; id: number };
export interface ParserWorkerReply {
  id: number;
  result: ParseResult;
}

export interface RunParse {
  push(chunk: string): void;
  /** All the run's diagnostics and test counts; `output` is the fallback input if the worker is gone. */
  end(output: string): Promise<ParseResult>;
}

export class ParserService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: ParseResult) => void; output: string }>();

  constructor(workerFile?: string) {
    if (!workerFile) return;
    const worker = new Worker(workerFile);
    worker.unref(); // never keeps the process alive on its own
    worker.on('message', (reply: ParserWorkerReply) => {
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
      return { push: (chunk) => void parser.push(chunk), end: async () => parser.end() };
    }
    const id = this.nextId++;
    // A pty hands over a few KiB at a time; one message per chunk would cost
    // the loop more than the parse it saves, so chunks travel in batches.
    let batch: string[] = [];
    let batched = 0;
    const send = (): void => {
      if (batched > 0 && this.worker === worker) worker.postMessage({ type: 'push', id, chunk: batch.join('') } satisfies ParserWorkerRequest);
      batch = [];
      batched = 0;
    };
    return {
      push: (chunk) => {
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= BATCH_CHARS) send();
      },
      end: (output) =>
        new Promise<ParseResult>((resolve) => {
          send();
          if (this.worker !== worker) return resolve(parseOutput(output));
          this.waiting.set(id, { resolve, output });
          worker.postMessage({ type: 'end', id } satisfies ParserWorkerRequest);
        }),
    };
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.fallBack();
    await worker?.terminate();
  }

  /** Without the worker, runs in flight are parsed here from their kept output. */
  private fallBack(): void {
    this.worker = null;
    for (const [id, { resolve, output }] of this.waiting) {
      this.waiting.delete(id);
      resolve(parseOutput(output));
    }
  }
}
