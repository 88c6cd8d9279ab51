// What a guide must not pass on when it is shared: secrets that appeared in
// commands and output (tokens in environment assignments, Authorization
// headers, credentials in URLs, well-known token formats) and, when asked,
// the user's home directory. One pass of one regular expression per text.

export const REDACTED = '[redacted]';

/**
 * Upper-case environment names with a secret-sounding segment: GITHUB_TOKEN,
 * AWS_SECRET_ACCESS_KEY, NPM_AUTH_TOKEN, PGPASSWORD; not GIT_AUTHOR_NAME.
 */
const SECRET_SEGMENT = String.raw`(?:[A-Z0-9]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?)|AUTH|KEY|APIKEY)`;
const SECRET_NAME = String.raw`(?:[A-Z0-9]+_)*${SECRET_SEGMENT}(?:_[A-Z0-9]+)*`;

/** Each alternative keeps what identifies the secret and names the part to hide (`s`). */
const SECRET_PATTERNS = [
  // GITHUB_TOKEN=..., export AWS_SECRET_ACCESS_KEY="..."
  String.raw`(?<env>\b${SECRET_NAME}=)(?<envs>"[^"\n]*"|'[^'\n]*'|[^\s"'\x60]+)`,
  // --token xyz, --password=xyz
  String.raw`(?<flag>--(?:token|password|passwd|secret|api-key|auth-token)(?:=|\s+))(?<flags>[^\s"'\x60]+)`,
  // Authorization: Bearer xyz / Basic xyz / token xyz
  String.raw`(?<auth>\bAuthorization:\s*(?:Bearer|Basic|Token|token|bearer)\s+)(?<auths>[^\s"'\x60]+)`,
  // https://user:pass@host (the whole user info goes)
  String.raw`(?<url>\b[a-z][a-z0-9+.-]*://)(?<urls>[^\s/@:"'\x60]+:[^\s/@"'\x60]*)(?=@)`,
  // Token formats that say what they are: GitHub, GitLab, AWS access keys, Slack, npm, crates.io, OpenAI-style, Google.
  String.raw`(?<token>\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[A-Z0-9]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|cio[A-Za-z0-9]{30,}|sk-[A-Za-z0-9_-]{20,}|AIza[A-Za-z0-9_-]{35}))`,
  // PEM private keys, whole.
  String.raw`(?<pem>-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)`,
];

const SECRETS = new RegExp(SECRET_PATTERNS.join('|'), 'g');

function hideSecret(match: string, ...args: unknown[]): string {
  const groups = args[args.length - 1] as Record<string, string | undefined>;
  for (const [keep, hide] of [['env', 'envs'], ['flag', 'flags'], ['auth', 'auths'], ['url', 'urls']] as const) {
    if (groups[keep] !== undefined && groups[hide] !== undefined) {
      // An env value that is a reference, not a secret (`$TOKEN`, `${{ secrets.X }}`), stays.
      if (keep === 'env' && /^["']?\$/.test(groups[hide])) return match;
      return `${groups[keep]}${REDACTED}`;
    }
  }
  return REDACTED;
}

export function redactSecrets(text: string): string {
  return text.replace(SECRETS, hideSecret);
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
