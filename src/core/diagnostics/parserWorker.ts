// Runs output parsers off the engine's event loop: a flood of build output
// costs the loop only the hand-over of each chunk. One parser per run id.
import { parentPort } from 'node:worker_threads';
import { OutputParser } from './outputParser';
import type { ParserWorkerReply, ParserWorkerRequest } from './offThreadParser';

const parsers = new Map<number, OutputParser>();

parentPort?.on('message', (message: ParserWorkerRequest) => {
  let parser = parsers.get(message.id);
  if (!parser) {
    parser = new OutputParser();
    parsers.set(message.id, parser);
  }
  if (message.type === 'push') {
    parser.push(message.chunk);
    return;
  }
  parsers.delete(message.id);
  const reply: ParserWorkerReply = { id: message.id, result: parser.end() };
  parentPort?.postMessage(reply);
});
