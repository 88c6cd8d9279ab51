// YAML files checked by a zod schema, with errors that say file:line:column
// and the path inside the document. Plans and the knowledge base use it.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export class YamlFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly docPath: string,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${docPath ? `at ${docPath}: ` : ''}${reason}`);
    this.name = new.target.name;
  }
}

type ErrorClass = new (file: string, line: number, column: number, docPath: string, reason: string) => YamlFileError;

export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string, Failure: ErrorClass = YamlFileError): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new Failure(file, line, col, '', plainReason(yamlError.message.split('\n')[0] ?? 'invalid YAML'));
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // Aliases that expand without bound, or nesting deeper than the stack: refused, never half read.
    throw new Failure(file, 1, 1, '', plainReason((error as Error).message));
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const { line, col } = lineCounter.linePos(offsetOf(doc, path));
  throw new Failure(file, line, col, formatPath(path), issue.message);
}

/** The YAML library's words, where they are an engine's rather than a user's. */
function plainReason(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return 'the YAML nests too deeply to be read (thousands of levels)';
  return message;
}

/** The offset of the deepest node on `path` that exists in the document. */
function offsetOf(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function formatPath(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}
