import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, useMemo } from 'react';

/**
 * Markdown from plans and the knowledge base, rendered as React elements from
 * marked's tokens: never as HTML, since a plan from a file is untrusted text.
 * Raw HTML in the source shows as text.
 */
export function Markdown({ text, inline = false }: { text: string; inline?: boolean }): React.JSX.Element {
  const tokens = useMemo(() => (inline ? Lexer.lexInline(text) : Lexer.lex(text)), [text, inline]);
  return inline ? <>{renderInline(tokens)}</> : <div className="markdown">{renderBlocks(tokens)}</div>;
}

function renderBlocks(tokens: Token[]): React.ReactNode[] {
  return tokens.map((token, i) => {
    const t = token as Tokens.Generic;
    switch (t.type) {
      case 'paragraph':
        return <p key={i}>{renderInline(t.tokens ?? [])}</p>;
      case 'heading':
        return <h4 key={i}>{renderInline(t.tokens ?? [])}</h4>;
      case 'code':
        return <pre key={i} className="command">{t.text as string}</pre>;
      case 'blockquote':
        return <blockquote key={i}>{renderBlocks(t.tokens ?? [])}</blockquote>;
      case 'list': {
        const list = token as Tokens.List;
        const items = list.items.map((item, j) => <li key={j}>{renderBlocks(item.tokens)}</li>);
        return list.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      }
      case 'table': {
        const table = token as Tokens.Table;
        return (
          <table key={i} className="md-table">
            <thead>
              <tr>{table.header.map((cell, j) => <th key={j}>{renderInline(cell.tokens)}</th>)}</tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>{row.map((cell, j) => <td key={j}>{renderInline(cell.tokens)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        );
      }
      case 'text':
        // Loose text in a list item.
        return <Fragment key={i}>{t.tokens ? renderInline(t.tokens) : (t.text as string)}</Fragment>;
      case 'space':
      case 'hr':
        return null;
      default:
        return <p key={i}>{t.raw}</p>;
    }
  });
}

function renderInline(tokens: Token[]): React.ReactNode[] {
  return tokens.map((token, i) => {
    const t = token as Tokens.Generic;
    switch (t.type) {
      case 'strong':
        return <strong key={i}>{renderInline(t.tokens ?? [])}</strong>;
      case 'em':
        return <em key={i}>{renderInline(t.tokens ?? [])}</em>;
      case 'del':
        return <del key={i}>{renderInline(t.tokens ?? [])}</del>;
      case 'codespan':
        return <code key={i}>{decodeEntities(t.text as string)}</code>;
      case 'link':
        // Shown, not followed: the address is in the tooltip.
        return (
          <span key={i} className="link-text" title={t.href as string}>
            {renderInline(t.tokens ?? [])}
          </span>
        );
      case 'br':
        return <br key={i} />;
      case 'text':
        return <Fragment key={i}>{t.tokens ? renderInline(t.tokens) : decodeEntities(t.text as string)}</Fragment>;
      case 'escape':
        return <Fragment key={i}>{decodeEntities(t.text as string)}</Fragment>;
      default:
        return <Fragment key={i}>{t.raw}</Fragment>;
    }
  });
}

/** marked escapes &, <, >, " and ' in text tokens; React escapes again, so undo marked's. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? _m);
}
