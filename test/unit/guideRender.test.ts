// The guide's two block writers: Markdown that GitHub renders as meant, and
// HTML that shows journal and plan text as text and loads nothing.
import { describe, expect, it } from 'vitest';
import { codeSpans } from '../../src/core/guide/render/blocks';
import { CSP, htmlWriter } from '../../src/core/guide/render/htmlWriter';
import { escapeMarkdown, fence, inlineCode, markdownWriter } from '../../src/core/guide/render/markdownWriter';

describe('Markdown blocks', () => {
  it('escapes only what could start markup, so x86_64 stays readable', () => {
    expect(escapeMarkdown('x86_64 and snake_case')).toBe('x86_64 and snake_case');
    expect(escapeMarkdown('_leading *star* [link] <tag> a|b ~/x')).toBe('\\_leading \\*star\\* \\[link\\] \\<tag\\> a\\|b \\~/x');
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not numbered')).toBe('\\# not a heading\n\\- not a list\n1\\. not numbered');
  });

  it('fences code so that backticks inside cannot end the block', () => {
    expect(fence('a ``` b', 'text')).toBe('````text\na ``` b\n````');
    expect(inlineCode('ls `pwd`')).toBe('`` ls `pwd` ``');
  });

  it('keeps emphasis valid when its text ends in a space', () => {
    expect(markdownWriter.paragraph([{ strong: ['Fix: '] }, 'this'])).toBe('\n**Fix:** this\n');
  });

  it('writes tables whose cells cannot break the row', () => {
    expect(markdownWriter.table(['a', 'b'], [[[{ code: 'x | y' }], ['two\nlines']]], ['left', 'right'])).toBe(
      '\n| a | b |\n| --- | ---: |\n| `x \\| y` | two lines |\n',
    );
  });

  it('reads rustc backticks as code', () => {
    expect(codeSpans('unresolved import `wasmtime::WasiCtxBuilder` here')).toEqual(['unresolved import ', { code: 'wasmtime::WasiCtxBuilder' }, ' here']);
  });
});

describe('HTML blocks', () => {
  it('shows raw HTML and images from a plan as text, and keeps only http(s) links', () => {
    const html = htmlWriter.markdown('See ![logo](https://evil.example/x.png) <img src="https://evil.example/y.png"> [docs](https://doc.rust-lang.org) [run](javascript:alert(1))');
    expect(html).not.toMatch(/<img|javascript:/);
    expect(html).toContain('&lt;img src=&quot;https://evil.example/y.png&quot;&gt;');
    expect(html).toContain('<a href="https://doc.rust-lang.org" rel="noreferrer">docs</a>');
  });

  it('colours a diff by line and escapes it', () => {
    expect(htmlWriter.code('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-<old>\n+new\n same', 'diff')).toBe(
      '<pre class="diff"><code><span class="meta">--- a/x</span><span class="meta">+++ b/x</span><span class="hunk">@@ -1 +1 @@</span>' +
        '<span class="del">-&lt;old&gt;</span><span class="add">+new</span><span class="ctx"> same</span></code></pre>\n',
    );
  });

  it('forbids every load in the page itself, and draws status emoji as symbols any font has', () => {
    expect(htmlWriter.begin('T', ['x'])).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toMatch(/^default-src 'none';/);
    expect(htmlWriter.paragraph(['✅ done ❌ not'])).toBe('<p><span class="icon ok" title="ok">✓</span> done <span class="icon fail" title="fail">✗</span> not</p>\n');
  });
});
