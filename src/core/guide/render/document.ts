// The guide as one document, section by section, written to a BlockWriter
// (Markdown or HTML). Sections left out of the options are not read at all.
import { GUIDE_SECTIONS, GUIDE_SECTION_TITLES, type GuideSection } from '../../../shared/guide';
import type { GuideModel } from '../model';
import type { BlockWriter } from './blocks';
import { breakingSection, notesSection, unresolvedSection } from './issueSections';
import { environmentSection, metricsSection, summarySection } from './overviewSections';
import { rollbackSection } from './rollbackSection';
import { stepsSection } from './stepsSection';
import { when } from './words';

const SECTIONS: Record<GuideSection, (model: GuideModel, w: BlockWriter) => Generator<string>> = {
  summary: summarySection,
  environment: environmentSection,
  steps: stepsSection,
  'breaking-changes': breakingSection,
  metrics: metricsSection,
  rollback: rollbackSection,
  'open-issues': unresolvedSection,
  notes: notesSection,
};

export function* guideDocument(model: GuideModel, w: BlockWriter): Generator<string> {
  const { project, session, meta } = model;
  yield w.begin(model.title, [
    'Migration guide for ',
    { strong: [project.name] },
    ' (',
    { code: project.path },
    `), written from Stepwise session #${session.id} on ${when(meta.generatedAt)} by Stepwise ${meta.stepwiseVersion}.`,
  ]);
  const chosen = GUIDE_SECTIONS.filter((s) => model.options.sections.includes(s));
  yield w.toc(chosen.map((s) => ({ id: s, title: GUIDE_SECTION_TITLES[s] })));
  for (const section of chosen) yield* SECTIONS[section](model, w);
  yield w.end();
}
