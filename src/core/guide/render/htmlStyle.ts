// The HTML guide's stylesheet, inlined into the file: readable on screen and
// on paper, diffs coloured like a code review, no fonts to fetch.
export const GUIDE_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --bg: #fff; --soft: #f6f8fa;
  --add: #dafbe1; --add-fg: #116329; --del: #ffebe9; --del-fg: #82071e; --hunk: #ddf4ff; --ok: #1a7f37; --fail: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 28px 32px 64px; }
header h1 { margin: 0 0 4px; font-size: 28px; }
.subtitle { margin: 0 0 18px; color: var(--muted); }
h2 { margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--border); font-size: 21px; }
h3 { margin: 26px 0 8px; font-size: 17px; }
h4 { margin: 18px 0 6px; font-size: 15px; }
nav.toc { background: var(--soft); border: 1px solid var(--border); border-radius: 8px; padding: 8px 16px; }
nav.toc ul { margin: 4px 0; padding-left: 18px; columns: 2; }
code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; }
pre { background: var(--soft); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
pre code { background: none; padding: 0; white-space: pre; }
pre.diff code span { display: block; margin: 0 -12px; padding: 0 12px; }
pre.diff .add { background: var(--add); color: var(--add-fg); }
pre.diff .del { background: var(--del); color: var(--del-fg); }
pre.diff .hunk { background: var(--hunk); color: var(--muted); }
pre.diff .meta { color: var(--muted); font-weight: 600; }
table { border-collapse: collapse; margin: 10px 0; font-size: 14px; }
th, td { border: 1px solid var(--border); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { border-left: 4px solid var(--border); margin: 10px 0; padding: 2px 12px; color: var(--muted); }
.issue, .step { border: 1px solid var(--border); border-radius: 8px; padding: 4px 14px; margin: 12px 0; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
figure { display: inline-block; vertical-align: top; margin: 12px 24px 12px 0; }
.md p { margin: 6px 0; }
.icon { display: inline-block; min-width: 1.1em; text-align: center; font-weight: 700; }
.icon.ok { color: var(--ok); } .icon.fail { color: var(--fail); } .icon.warn, .icon.busy { color: var(--warn); } .icon.muted { color: var(--muted); }
@media print { main { max-width: none; padding: 0; } details { display: block; } nav.toc { display: none; } }
`;
