// Stroke icons drawn inline in currentColor: the symbols the app used were
// font glyphs, and some (⎘, ⏳) are missing from the fonts Chromium finds on
// Linux, so they showed as empty boxes. Each is a 16x16 path set on a 24 grid.

const PATHS = {
  // Step statuses
  pending: <circle cx="12" cy="12" r="7" />,
  running: (
    <>
      <circle cx="12" cy="12" r="7" />
      <path d="M12 5a7 7 0 0 1 0 14z" fill="currentColor" />
    </>
  ),
  passed: <path d="M5 12.5l4.5 4.5L19 7.5" />,
  failed: <path d="M6.5 6.5l11 11M17.5 6.5l-11 11" />,
  stopped: <rect x="6.5" y="6.5" width="11" height="11" rx="1.5" />,
  skipped: <path d="M4 15a8 8 0 0 1 14.5-4.5M19 6v5h-5M12 19h.01" />,
  interrupted: <path d="M12 3.5l9 16H3zM12 10v4.5M12 17.3v.01" />,
  // Step kinds
  command: <path d="M4 6l5 6-5 6M12 18h8" />,
  check: <path d="M4 7h9M4 12h6M4 17h5M13 16l3 3 5-6" />,
  toolchain: <path d="M14.5 5.5a4 4 0 0 0-5 5L4 16l4 4 5.5-5.5a4 4 0 0 0 5-5l-2.5 2.5-2.5-.5-.5-2.5z" />,
  edit: <path d="M4 20h4L19 9l-4-4L4 16zM13 7l4 4" />,
  manual: <path d="M8 11V5.5a1.5 1.5 0 0 1 3 0V11m0-1.5V4a1.5 1.5 0 0 1 3 0v6m0-1a1.5 1.5 0 0 1 3 0v5a6 6 0 0 1-6 6h-.5a6 6 0 0 1-5-2.7L3.8 14a1.5 1.5 0 0 1 2.4-1.8L8 14" />,
  snapshot: (
    <>
      <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
      <circle cx="12" cy="13" r="3.5" />
    </>
  ),
  // Pages
  overview: <path d="M12 3l9 9-9 9-9-9z" />,
  snapshots: (
    <>
      <path d="M12 4l8 4-8 4-8-4z" />
      <path d="M4 12l8 4 8-4M4 16l8 4 8-4" />
    </>
  ),
  metrics: <path d="M4 20h16M7 17v-6M12 17V6M17 17v-9" />,
  migrate: <path d="M4 12h13M13 7l5 5-5 5M4 5v14" />,
  // Panes
  collapseLeft: <path d="M15 6l-6 6 6 6" />,
  expandRight: <path d="M9 6l6 6-6 6" />,
  maximise: <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />,
  restore: <path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" />,
  help: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7M12 17v.01" />
    </>
  ),
  journal: <path d="M5 5h14M5 10h14M5 15h9M5 20h6" />,
  issues: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5v5.5M12 16.3v.01" />
    </>
  ),
} as const;

export type IconName = keyof typeof PATHS;

/**
 * An icon with its name for assistive technology and as a tooltip; `label`
 * null: decorative, beside text that already says it.
 */
export function Icon({ name, label, className }: { name: IconName; label: string | null; className?: string }): React.JSX.Element {
  return (
    <svg
      className={`icon icon-${name}${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      {...(label === null ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
    >
      {label !== null && <title>{label}</title>}
      {PATHS[name]}
    </svg>
  );
}
