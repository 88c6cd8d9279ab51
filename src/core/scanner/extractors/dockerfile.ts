// Dockerfiles: `FROM rust:1.75-alpine`, `FROM rust:${RUST_VERSION}-alpine`, `ARG RUST_VERSION=1.76`.
import type { Pin } from '../../../shared/scan';
import type { Source } from '../source';

/** `FROM [--platform=...] image`: group 1 is everything before the image. */
const FROM = /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/i;
/** The official image, however it is spelled. */
const RUST_IMAGE = /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?rust$/;
/** The version at the start of a tag: `1.75`, `1.75.0`, `${RUST_VERSION}`, `$RUST_VERSION`; it must end the tag or be followed by `-`. */
const TAG_VERSION = /^(\d+(?:\.\d+){0,2}|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*)(?=$|-)/;
const ARG = /^(\s*ARG\s+)(RUST_VERSION)=(.*)$/i;

export function dockerfilePins(source: Source): Pin[] {
  const pins: Pin[] = [];
  for (const line of source.lines()) {
    const from = FROM.exec(line.text);
    if (from) {
      const pin = fromPin(source, line.start + from[1]!.length, from[2]!);
      if (pin) pins.push(pin);
      continue;
    }
    const arg = ARG.exec(line.text);
    if (arg && arg[2] === 'RUST_VERSION') {
      // `ARG RUST_VERSION=1.76 OTHER=x` declares two: the value is the first word, or the quoted text.
      const quoted = /^(["'])([^"'\s]*)\1/.exec(arg[3]!);
      const value = quoted ? quoted[2]! : arg[3]!.split(/\s/)[0]!;
      const start = arg[1]!.length + 'RUST_VERSION='.length + (quoted ? 1 : 0);
      if (value && !value.includes('$')) {
        pins.push(source.pin(line.start + start, 'docker-arg-rust-version', value, 'RUST_VERSION'));
      }
    }
  }
  return pins;
}

/** The pin in `image` (which starts at `offset`) if it is the rust image with a versioned tag. */
function fromPin(source: Source, offset: number, image: string): Pin | null {
  const withoutDigest = image.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  // A colon before the last `/` is a registry port, not a tag.
  if (colon === -1 || colon < withoutDigest.lastIndexOf('/')) return null;
  if (!RUST_IMAGE.test(withoutDigest.slice(0, colon))) return null;
  const version = TAG_VERSION.exec(withoutDigest.slice(colon + 1));
  if (!version) return null;
  return source.pin(offset + colon + 1, 'docker-from-rust', version[1]!);
}
