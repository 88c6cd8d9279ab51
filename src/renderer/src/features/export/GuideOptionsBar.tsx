import { GUIDE_FORMAT_LABELS, GUIDE_FORMATS, GUIDE_SECTION_TITLES, GUIDE_SECTIONS, type GuideFormat, type GuideOptions } from '../../../../shared/guide';

interface Props {
  format: GuideFormat;
  options: GuideOptions;
  onFormat(format: GuideFormat): void;
  onOptions(options: GuideOptions): void;
}

/** The guide's format; for a guide, its sections and what it shows of the journal. */
export function GuideOptionsBar({ format, options, onFormat, onOptions }: Props): React.JSX.Element {
  return (
    <div className="guide-options">
      <div className="segmented" role="radiogroup" aria-label="Format">
        {GUIDE_FORMATS.map((f) => (
          <button key={f} type="button" role="radio" aria-checked={format === f} onClick={() => onFormat(f)}>
            {GUIDE_FORMAT_LABELS[f]}
          </button>
        ))}
      </div>
      {format === 'plan' ? (
        <p className="muted small" data-testid="replay-plan-note">
          The session as a plan file for the next project: the steps that passed, as the plan wrote them, with this session&apos;s values as
          defaults, then the one-click fixes applied. Run it with <code>stepwise run replay-plan.yaml --project DIR</code> or open it as a plan.
        </p>
      ) : (
        <GuideContentOptions options={options} onOptions={onOptions} />
      )}
    </div>
  );
}

/** Which sections a guide holds, and what it shows of the journal. */
function GuideContentOptions({ options, onOptions }: Pick<Props, 'options' | 'onOptions'>): React.JSX.Element {
  const toggleSection = (section: (typeof GUIDE_SECTIONS)[number], on: boolean): void => {
    const chosen = new Set(options.sections);
    if (on) chosen.add(section);
    else chosen.delete(section);
    onOptions({ ...options, sections: GUIDE_SECTIONS.filter((s) => chosen.has(s)) });
  };
  return (
    <>
      <fieldset aria-label="Sections">
        <legend>Sections</legend>
        {GUIDE_SECTIONS.map((section) => (
          <label key={section}>
            <input type="checkbox" checked={options.sections.includes(section)} onChange={(e) => toggleSection(section, e.target.checked)} />
            {GUIDE_SECTION_TITLES[section]}
          </label>
        ))}
      </fieldset>
      <fieldset aria-label="Shown">
        <legend>Shown</legend>
        <label>
          <input type="checkbox" checked={options.excerpts} onChange={(e) => onOptions({ ...options, excerpts: e.target.checked })} />
          Output excerpts
        </label>
        <label>
          <input type="checkbox" checked={options.tildeHome} onChange={(e) => onOptions({ ...options, tildeHome: e.target.checked })} />
          Home folder as ~
        </label>
        <label>
          <input type="checkbox" checked={options.redactSecrets} onChange={(e) => onOptions({ ...options, redactSecrets: e.target.checked })} />
          Redact secrets
        </label>
      </fieldset>
    </>
  );
}
