// Where the built CLI's own files are (parserWorker.js, ../renderer). Commands
// are loaded lazily, so the module asking may run from a chunk in
// out/main/chunks/ rather than from out/main/ beside cli.js.
import { basename, dirname } from 'node:path';

export function bundleDir(): string {
  return basename(__dirname) === 'chunks' ? dirname(__dirname) : __dirname;
}
