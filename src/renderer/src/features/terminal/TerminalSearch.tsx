// The terminal's find bar: Enter and Shift+Enter step through the matches,
// Escape closes it and gives the terminal its keys back.
import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';
import { useEffect, useState } from 'react';

// Decorations highlight every match and make the addon count them.
const OPTIONS: ISearchOptions = {
  decorations: {
    matchBackground: '#3b4261',
    matchOverviewRuler: '#7aa2f7',
    activeMatchBackground: '#e0af68',
    activeMatchBorder: '#e0af68',
    activeMatchColorOverviewRuler: '#e0af68',
  },
};

export function TerminalSearch({ search, onClose }: { search: SearchAddon; onClose: () => void }): React.JSX.Element {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ resultIndex: number; resultCount: number } | null>(null);

  useEffect(() => {
    const listener = search.onDidChangeResults(setResults);
    return () => {
      listener.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const find = (text: string, backwards = false, incremental = false): void => {
    if (!text) {
      search.clearDecorations();
      setResults(null);
      return;
    }
    if (backwards) search.findPrevious(text, OPTIONS);
    else search.findNext(text, { ...OPTIONS, incremental });
  };

  return (
    <div className="terminal-search" role="search">
      <input
        autoFocus
        aria-label="Find in terminal"
        placeholder="Find"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          find(e.target.value, false, true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find(query, e.shiftKey);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="muted small" data-testid="terminal-search-count">
        {countText(query, results)}
      </span>
      <button type="button" aria-label="Previous match" title="Previous (Shift+Enter)" onClick={() => find(query, true)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" title="Next (Enter)" onClick={() => find(query)}>
        ↓
      </button>
      <button type="button" aria-label="Close find" title="Close (Escape)" onClick={onClose}>
        ×
      </button>
    </div>
  );
}

function countText(query: string, results: { resultIndex: number; resultCount: number } | null): string {
  if (!query || !results) return '';
  if (results.resultCount === 0) return 'No matches';
  // -1: more matches than the addon highlights; it still says how many.
  return results.resultIndex < 0 ? `${results.resultCount}+ matches` : `${results.resultIndex + 1} of ${results.resultCount}`;
}
