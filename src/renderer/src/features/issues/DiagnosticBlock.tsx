/**
 * A rustc/cargo diagnostic in the colours a terminal gives it: the level,
 * the `-->` location and gutter, and the `^^^` markers.
 */
export function DiagnosticBlock({ text }: { text: string }): React.JSX.Element {
  return (
    <pre className="output diagnostic">
      {text.split('\n').map((line, i) => (
        <div key={i} className={classOf(line)}>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}

function classOf(line: string): string {
  if (/^error(\[|:)/.test(line)) return 'd-error';
  if (/^warning(\[|:)/.test(line)) return 'd-warning';
  if (/^\s*-->/.test(line) || /^\s*\d*\s*\|/.test(line) || /^\s*=/.test(line)) {
    return /\^{2,}|-{3,}/.test(line) ? 'd-marker' : 'd-gutter';
  }
  if (/^(thread '|test .* FAILED|FAIL)/.test(line)) return 'd-error';
  return '';
}
