// What a guide must not pass on when it is shared: secrets that appeared in
// commands and output (tokens in environment assignments, Authorization
// headers, credentials in URLs, well-known token formats) and, when asked,
// the user's home directory. Most texts hold nothing of the kind: one look for
// any text a secret must contain rules them out before any rule runs.

export const REDACTED = '[redacted]';

/**
 * Upper-case environment names with a secret-sounding segment: GITHUB_TOKEN,
 * AWS_SECRET_ACCESS_KEY, NPM_AUTH_TOKEN, PGPASSWORD; not GIT_AUTHOR_NAME.
 */
const SECRET_SEGMENT = String.raw`(?:[A-Z0-9]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?)|AUTH|KEY|APIKEY)`;
const SECRET_NAME = String.raw`(?:[A-Z0-9]+_)*${SECRET_SEGMENT}(?:_[A-Z0-9]+)*`;

interface SecretRule {
  /** What every match of `re` contains: where it is absent, `re` is not run. */
  mark: RegExp;
  /** Group 1 (when present) is kept, the rest of the match is hidden. */
  re: RegExp;
}

const SECRET_RULES: SecretRule[] = [
  // GITHUB_TOKEN=..., export AWS_SECRET_ACCESS_KEY="..."; an upper-case letter or digit must come just before "=".
  { mark: /[A-Z0-9]=/, re: new RegExp(String.raw`(\b${SECRET_NAME}=)(?!["']?\$)(?:"[^"\n]*"|'[^'\n]*'|[^\s"'\x60]+)`, 'g') },
  // --token xyz, --password=xyz
  { mark: /--(?:token|password|passwd|secret|api-key|auth-token)/, re: /(--(?:token|password|passwd|secret|api-key|auth-token)(?:=|\s+))[^\s"'\x60]+/g },
  // Authorization: Bearer xyz / Basic xyz / token xyz
  { mark: /Authorization/, re: /(\bAuthorization:\s*(?:Bearer|Basic|Token|token|bearer)\s+)[^\s"'\x60]+/g },
  // https://user:pass@host: the whole user info goes.
  { mark: /:\/\//, re: /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:"'\x60]+:[^\s/@"'\x60]*(?=@)/g },
  // Token formats that say what they are: GitHub, GitLab, AWS access keys, Slack, npm, crates.io, OpenAI-style, Google.
  {
    mark: /gh[pousr]_|github_pat_|glpat-|A[KS]IA|xox[abprs]-|npm_|cio|sk-|AIza/,
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[A-Z0-9]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|cio[A-Za-z0-9]{30,}|sk-[A-Za-z0-9_-]{20,}|AIza[A-Za-z0-9_-]{35})/g,
  },
  // PEM private keys, whole.
  { mark: /-----BEGIN/, re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g },
];

/**
 * Any rule's mark: one scan of a text that holds no secret (the run of the
 * mill: messages, paths, diffs) instead of six. What a rule writes in,
 * `[redacted]`, holds no mark, so no later rule can start matching.
 */
const ANY_MARK = new RegExp(SECRET_RULES.map((rule) => rule.mark.source).join('|'));

const hide = (_match: string, keep: unknown): string => `${typeof keep === 'string' ? keep : ''}${REDACTED}`;

export function redactSecrets(text: string): string {
  if (!ANY_MARK.test(text)) return text;
  let out = text;
  for (const rule of SECRET_RULES) if (rule.mark.test(out)) out = out.replace(rule.re, hide);
  return out;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/home/ana/src/x` -> `~/src/x`; `/home/anaconda` stays (a whole path segment only). */
export function tildeHome(home: string): (text: string) => string {
  const trimmed = home.replace(/\/+$/, '');
  if (trimmed.length < 2) return (text) => text;
  const re = new RegExp(`(?<![\\w.-])${escapeRegex(trimmed)}(?![\\w.-])`, 'g');
  return (text) => (text.includes(trimmed) ? text.replace(re, '~') : text);
}

export type Scrub = (text: string) => string;

/** The one function every journal text goes through on its way into a guide. */
export function makeScrub(options: { home: string; tildeHome: boolean; redactSecrets: boolean }): Scrub {
  const tilde = options.tildeHome ? tildeHome(options.home) : null;
  if (!tilde && !options.redactSecrets) return (text) => text;
  return (text) => {
    let out = options.redactSecrets ? redactSecrets(text) : text;
    if (tilde) out = tilde(out);
    return out;
  };
}
