// The workspace under the top bar: the step list, the page above the
// terminal, and the journal and issues panel, with splitters between them.
// Sizes and folded panes are the user's (layoutSlice); a pane he never
// folded or unfolded starts folded in a narrow window, so the page and the
// terminal keep their width. The terminal can fill the workspace.
import { useLayoutEffect, useRef, useState } from 'react';
import type { SessionView } from '../../../shared/model';
import { StepList } from '../features/steps/StepList';
import { TerminalPane } from '../features/terminal/TerminalPane';
import { Splitter } from '../ui/Splitter';
import { PanelStrip } from './PanelStrip';
import { SidePanel } from './SidePanel';
import { useApp } from './store';
import { AUTO_COLLAPSE, LAYOUT_LIMITS } from './store/layoutSlice';
import { useWindowWidth } from './useWindowWidth';

const COMPACT_SIDE = 52;
const PANEL_STRIP = 40;

interface Props {
  view: SessionView;
  /** The page above the terminal. */
  children: React.ReactNode;
  /** The journal and issues panel belongs to this page (the snapshots and metrics pages need the width). */
  withPanel: boolean;
}

export function Workspace({ view, children, withPanel }: Props): React.JSX.Element {
  const layout = useApp((s) => s.layout);
  const maximised = useApp((s) => s.terminalMaximised);
  const resize = useApp((s) => s.resize);
  const resetSize = useApp((s) => s.resetSize);
  const collapseSide = useApp((s) => s.collapseSide);
  const collapsePanel = useApp((s) => s.collapsePanel);
  const width = useWindowWidth();
  const compact = layout.sideCollapsed ?? width < AUTO_COLLAPSE.side;
  const folded = layout.panelCollapsed ?? width < AUTO_COLLAPSE.panel;
  const center = useRef<HTMLElement>(null);
  const centerHeight = useHeight(center);
  const pagePane = useRef<HTMLDivElement>(null);
  const pageHeight = useHeight(pagePane);
  const [minShare, maxShare, defaultShare] = LAYOUT_LIMITS.detailShare;
  const share = layout.detailShare;
  const panelWidth = !withPanel ? 0 : folded ? PANEL_STRIP : layout.panelWidth;
  const style = {
    '--side-w': `${compact ? COMPACT_SIDE : layout.sideWidth}px`,
    '--panel-w': `${panelWidth}px`,
    '--detail-share': `${(share ?? defaultShare) * 100}%`,
  } as React.CSSProperties;

  return (
    <div className={`workspace${maximised ? ' terminal-maximised' : ''}${share === null ? '' : ' fixed-share'}`} style={style}>
      <StepList view={view} compact={compact} onCompact={collapseSide} />
      {!compact && (
        <WidthSplitter size="sideWidth" label="Resize the step list" controls="step-list" onFold={() => collapseSide(true)} />
      )}
      <main className="center" ref={center}>
        <div className="center-top" id="page-pane" ref={pagePane}>
          {children}
        </div>
        <Splitter
          orientation="horizontal"
          label="Resize the page above the terminal"
          controls="page-pane"
          value={share === null ? pageHeight : share * centerHeight}
          min={minShare * centerHeight}
          max={maxShare * centerHeight}
          onChange={(px) => centerHeight > 0 && resize('detailShare', px / centerHeight)}
          onReset={() => resetSize('detailShare')}
        />
        <TerminalPane sessionId={view.session.id} />
      </main>
      {withPanel && !folded && (
        <>
          <WidthSplitter size="panelWidth" label="Resize the journal and issues" controls="side-panel" sign={-1} onFold={() => collapsePanel(true)} />
          <SidePanel view={view} />
        </>
      )}
      {withPanel && folded && <PanelStrip view={view} />}
    </div>
  );
}

/** The splitter of a pane's remembered width; Enter folds the pane. */
function WidthSplitter({ size, onFold, ...props }: { size: 'sideWidth' | 'panelWidth'; label: string; controls: string; sign?: 1 | -1; onFold(): void }): React.JSX.Element {
  const value = useApp((s) => s.layout[size]);
  const resize = useApp((s) => s.resize);
  const resetSize = useApp((s) => s.resetSize);
  const [min, max] = LAYOUT_LIMITS[size];
  return (
    <Splitter
      orientation="vertical"
      {...props}
      value={value}
      min={min}
      max={max}
      onChange={(px) => resize(size, px)}
      onReset={() => resetSize(size)}
      onToggle={onFold}
    />
  );
}

/** An element's height in px, kept current. */
function useHeight(ref: React.RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}
