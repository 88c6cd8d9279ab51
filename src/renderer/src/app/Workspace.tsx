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
  const [minShare, maxShare] = LAYOUT_LIMITS.detailShare;
  const panelWidth = !withPanel ? 0 : folded ? PANEL_STRIP : layout.panelWidth;
  const style = {
    '--side-w': `${compact ? COMPACT_SIDE : layout.sideWidth}px`,
    '--panel-w': `${panelWidth}px`,
    '--detail-share': `${layout.detailShare * 100}%`,
  } as React.CSSProperties;

  return (
    <div className={`workspace${maximised ? ' terminal-maximised' : ''}`} style={style}>
      <StepList view={view} compact={compact} onCompact={collapseSide} />
      {!compact && (
        <Splitter
          orientation="vertical"
          label="Resize the step list"
          controls="step-list"
          value={layout.sideWidth}
          min={LAYOUT_LIMITS.sideWidth[0]}
          max={LAYOUT_LIMITS.sideWidth[1]}
          onChange={(px) => resize('sideWidth', px)}
          onReset={() => resetSize('sideWidth')}
          onToggle={() => collapseSide(true)}
        />
      )}
      <main className="center" ref={center}>
        <div className="center-top" id="page-pane">
          {children}
        </div>
        <Splitter
          orientation="horizontal"
          label="Resize the page above the terminal"
          controls="page-pane"
          value={layout.detailShare * centerHeight}
          min={minShare * centerHeight}
          max={maxShare * centerHeight}
          onChange={(px) => centerHeight > 0 && resize('detailShare', px / centerHeight)}
          onReset={() => resetSize('detailShare')}
        />
        <TerminalPane sessionId={view.session.id} />
      </main>
      {withPanel && !folded && (
        <>
          <Splitter
            orientation="vertical"
            label="Resize the journal and issues"
            controls="side-panel"
            sign={-1}
            value={layout.panelWidth}
            min={LAYOUT_LIMITS.panelWidth[0]}
            max={LAYOUT_LIMITS.panelWidth[1]}
            onChange={(px) => resize('panelWidth', px)}
            onReset={() => resetSize('panelWidth')}
            onToggle={() => collapsePanel(true)}
          />
          <SidePanel view={view} />
        </>
      )}
      {withPanel && folded && <PanelStrip view={view} />}
    </div>
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
