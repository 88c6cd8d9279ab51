// A small line-by-line colouriser for the files a Rust toolchain upgrade
// touches: Rust, TOML, YAML, Makefiles, Dockerfiles. A diff shows lines cut
// out of their file, so each line is read on its own: a block comment or raw
// string that spans lines is coloured on its first line only.

export type Language = 'rust' | 'toml' | 'yaml' | 'make' | 'docker';
export type TokenKind = 'plain' | 'comment' | 'string' | 'keyword' | 'number' | 'key' | 'section' | 'variable' | 'attr' | 'type' | 'macro';

export interface Token {
  kind: TokenKind;
  text: string;
}

/** The language of a path, by its name; null: shown without colours. */
export function languageOf(path: string): Language | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const lower = name.toLowerCase();
  if (lower.endsWith('.rs')) return 'rust';
  if (lower.endsWith('.toml') || lower === 'cargo.lock' || lower === 'rust-toolchain') return 'toml';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower === 'makefile' || lower === 'gnumakefile' || lower.endsWith('.mk')) return 'make';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || lower === 'containerfile') return 'docker';
  return null;
}

interface Rule {
  kind: TokenKind;
  /** Sticky (`y`) so it matches exactly where the reader stands. */
  pattern: RegExp;
  /** Only where everything before the match is indentation (and a YAML list dash). */
  lineStart?: boolean;
}

const STRING = { kind: 'string', pattern: /"(?:[^"\\]|\\.)*"?/y } as const;
const SINGLE_QUOTED = { kind: 'string', pattern: /'[^']*'?/y } as const;
const HASH_COMMENT = { kind: 'comment', pattern: /#.*/y } as const;
const NUMBER = { kind: 'number', pattern: /\b\d[\d_]*(?:\.\d[\d_]*)*\b/y } as const;

const RULES: Record<Language, Rule[]> = {
  rust: [
    { kind: 'comment', pattern: /\/\/.*/y },
    { kind: 'comment', pattern: /\/\*.*?(?:\*\/|$)/y },
    { kind: 'attr', pattern: /#!?\[[^\]]*\]?/y },
    { kind: 'string', pattern: /b?r(#*)".*?(?:"\1|$)/y },
    { kind: 'string', pattern: /b?"(?:[^"\\]|\\.)*"?/y },
    { kind: 'string', pattern: /b?'(?:[^'\\]|\\.)'/y },
    { kind: 'attr', pattern: /'[a-z_]\w*/y },
    { kind: 'number', pattern: /\b(?:0x[\da-fA-F_]+|0b[01_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)(?:[iu](?:8|16|32|64|128|size)|f32|f64)?\b/y },
    {
      kind: 'keyword',
      pattern:
        /\b(?:as|async|await|break|const|continue|crate|dyn|else|enum|extern|false|fn|for|if|impl|in|let|loop|match|mod|move|mut|pub|ref|return|self|Self|static|struct|super|trait|true|type|unsafe|use|where|while)\b/y,
    },
    { kind: 'macro', pattern: /\b[a-z_]\w*!/y },
    { kind: 'type', pattern: /\b[A-Z]\w*\b/y },
  ],
  toml: [
    HASH_COMMENT,
    { kind: 'section', pattern: /\[\[?[^\]]*\]\]?/y, lineStart: true },
    { kind: 'key', pattern: /(?:"[^"]*"|'[^']*'|[\w.-]+)(?=\s*=)/y },
    { kind: 'string', pattern: /"""|'''/y },
    STRING,
    SINGLE_QUOTED,
    { kind: 'keyword', pattern: /\b(?:true|false)\b/y },
    { kind: 'number', pattern: /[+-]?\b\d[\d_:.TZ+-]*\b/y },
  ],
  yaml: [
    { kind: 'comment', pattern: /(?<=^|\s)#.*/y },
    { kind: 'key', pattern: /(?:"[^"]*"|'[^']*'|(?!-\s)[^\s#'"{[][^#]*?)(?=:(?:\s|$))/y, lineStart: true },
    { kind: 'variable', pattern: /\$\{\{.*?\}\}|\$\{[^}]*\}/y },
    STRING,
    SINGLE_QUOTED,
    { kind: 'variable', pattern: /[&*][\w-]+/y },
    { kind: 'keyword', pattern: /\b(?:true|false|null|yes|no|on|off)\b/y },
    NUMBER,
  ],
  make: [
    HASH_COMMENT,
    { kind: 'keyword', pattern: /(?:ifeq|ifneq|ifdef|ifndef|else|endif|-?include|export|define|endef|override|\.PHONY)\b/y, lineStart: true },
    { kind: 'key', pattern: /[\w.-]+(?=\s*(?:[:?+!]?=))/y, lineStart: true },
    { kind: 'section', pattern: /[^\s:#=$][^:#=]*(?=:(?!=))/y, lineStart: true },
    { kind: 'variable', pattern: /\$\([^)]*\)|\$\{[^}]*\}|\$[@<^*?%+]|\$\$\w*/y },
    STRING,
    SINGLE_QUOTED,
  ],
  docker: [
    { kind: 'comment', pattern: /#.*/y, lineStart: true },
    {
      kind: 'keyword',
      pattern: /(?:FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b/iy,
      lineStart: true,
    },
    { kind: 'keyword', pattern: /\bAS\b/y },
    { kind: 'attr', pattern: /--[\w-]+(?:=\S*)?/y },
    { kind: 'variable', pattern: /\$\{[^}]*\}|\$\w+/y },
    STRING,
    SINGLE_QUOTED,
  ],
};

// Spaces only: a Makefile's tab-indented recipe lines are shell, not rules.
const LINE_START = /^ *(?:- +)?$/;
/** Plain text runs up to the next character a rule could start at. */
const PLAIN = /\w+|\s+|[^\w\s]/y;

/** Splits one line into coloured tokens; adjacent plain text is merged. */
export function tokenize(line: string, language: Language | null): Token[] {
  if (!language) return line ? [{ kind: 'plain', text: line }] : [];
  const rules = RULES[language];
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string): void => {
    const last = tokens[tokens.length - 1];
    if (kind === 'plain' && last?.kind === 'plain') last.text += text;
    else tokens.push({ kind, text });
  };
  let at = 0;
  while (at < line.length) {
    let matched = false;
    for (const rule of rules) {
      if (rule.lineStart && !LINE_START.test(line.slice(0, at))) continue;
      rule.pattern.lastIndex = at;
      const match = rule.pattern.exec(line);
      if (match && match[0].length > 0) {
        push(rule.kind, match[0]);
        at += match[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      PLAIN.lastIndex = at;
      const text = PLAIN.exec(line)![0];
      push('plain', text);
      at += text.length;
    }
  }
  return tokens;
}
