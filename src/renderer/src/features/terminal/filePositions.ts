// Where terminal output names a place in a file (rustc's ` --> src/lib.rs:68:7`),
// for the terminal to make a link of it.
export interface FilePosition {
  file: string;
  line: number;
  column: number;
}

// `src/lib.rs:68:7`, ` --> src/raw_field.rs:22:7`, `/abs/path/main.rs:3`: a path
// with an extension, a line and maybe a column, not inside a longer word or URL.
const FILE_POSITION = /(?<![\w/.:-])((?:\.{0,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.[A-Za-z0-9]+):(\d+)(?::(\d+))?(?![\w/])/g;

/** Every `path:line[:col]` in one line of text, with where it starts (0-based). */
export function filePositionsIn(text: string): { index: number; length: number; position: FilePosition }[] {
  return [...text.matchAll(FILE_POSITION)].map((m) => ({
    index: m.index,
    length: m[0].length,
    position: { file: m[1]!, line: Number(m[2]), column: Number(m[3] ?? 1) },
  }));
}
