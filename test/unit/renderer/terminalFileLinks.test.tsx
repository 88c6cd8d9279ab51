// Which `path:line:col`s the terminal makes links of: cargo's and rustc's, not times or URLs.
import { describe, expect, it } from 'vitest';
import { filePositionsIn } from '../../../src/renderer/src/features/terminal/filePositions';

describe('file positions in terminal text', () => {
  it('finds rustc and cargo locations, with or without a column', () => {
    expect(filePositionsIn('  --> src/raw_field.rs:22:7')).toEqual([{ index: 6, length: 21, position: { file: 'src/raw_field.rs', line: 22, column: 7 } }]);
    expect(filePositionsIn('src/lib.rs:68:7: warning').map((p) => p.position)).toEqual([{ file: 'src/lib.rs', line: 68, column: 7 }]);
    expect(filePositionsIn('at /home/u/p/src/main.rs:3 and ./build.rs:9:2').map((p) => p.position)).toEqual([
      { file: '/home/u/p/src/main.rs', line: 3, column: 1 },
      { file: './build.rs', line: 9, column: 2 },
    ]);
  });

  it('leaves times, ports, URLs and words without an extension alone', () => {
    expect(filePositionsIn('took 12:30:01, listening on localhost:8080')).toEqual([]);
    expect(filePositionsIn('see https://example.com/src/lib.rs:3:1')).toEqual([]);
    expect(filePositionsIn('Makefile:12')).toEqual([]);
  });
});
