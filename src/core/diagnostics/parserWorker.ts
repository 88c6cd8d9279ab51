// Runs output parsers off the engine's event loop: a flood of build output
// costs the loop only the hand-over of each chunk. One parser per run id.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { OutputParser } from './outputParser';
import { distinctResult, type ParserWorkerReply, type ParserWorkerRequest } from './offThreadParser';

// Parsing is background work: when the cores are busy (a build, other
// programs), the engine's thread (keystrokes, requests) goes first, and the
// parse catches up once they are free (a run's issues wait for it). The
// flood bench measured the engine's share fall from ~13% at nice 10 to 3-8%
// at 19. On Linux the nice value belongs to the thread that sets it, so this
// lowers only this worker; elsewhere it would lower the whole engine.
if (process.platform === 'linux') setPriority(19);

const parsers = new Map<number, OutputParser>();

parentPort?.on('message', (message: ParserWorkerRequest) => {
  // Leaving on its own: once the port is closed nothing keeps the thread alive.
  if (message.type === 'close') return parentPort?.close();
  let parser = parsers.get(message.id);
  if (!parser) {
    parser = new OutputParser();
    parsers.set(message.id, parser);
  }
  if (message.type === 'push') {
    // The bytes were transferred to this thread: the parser may keep them.
    parser.pushBytes(message.bytes);
    parentPort?.postMessage({ type: 'consumed', bytes: message.bytes.length } satisfies ParserWorkerReply);
    return;
  }
  parsers.delete(message.id);
  const reply: ParserWorkerReply = { type: 'result', id: message.id, result: distinctResult(parser.end()) };
  parentPort?.postMessage(reply);
});
