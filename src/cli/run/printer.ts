// stdout shared by the terminal stream and the run's own lines: a line of ours
// always starts on a fresh line, even after a prompt that printed none.
export class Printer {
  private atLineStart = true;
  readonly color: boolean;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    this.color = out.isTTY === true && !process.env.NO_COLOR;
    // A reader that went away (`| head`) must not stop the run: it is journaled all the same.
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') console.error(`stepwise: cannot write the output: ${error.message}`);
    });
  }

  /** Terminal output, as it comes; `done` once the stream has taken it. */
  raw(text: string, done?: () => void): void {
    if (!text) {
      if (done) queueMicrotask(done);
      return;
    }
    this.atLineStart = /[\r\n]$/.test(text);
    this.out.write(text, done);
  }

  line(text = ''): void {
    this.raw(`${this.atLineStart ? '' : '\n'}${text}\n`);
  }

  bold(text: string): string {
    return this.color ? `\x1b[1m${text}\x1b[0m` : text;
  }
}
