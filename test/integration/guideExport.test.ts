// The migration guide of a scripted session on the fixture crate (real engine,
// shell, cargo and git), exported in every format through the contract and
// compared with golden files; the HTML opened in Chromium with no network.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_FORMATS, GUIDE_SECTION_TITLES, GUIDE_SECTIONS, type GuideFormat } from '../../src/shared/guide';
import { expectGolden, normaliseGuide } from '../helpers/guideGolden';
import { scriptGuideSession, SECRET, type GuideSession } from '../helpers/guideSession';

const SCREENSHOTS = join(__dirname, '../../.cache/test-results/guide');
const GOLDEN_NAME: Record<GuideFormat, string> = { md: 'guide.md', html: 'guide.html', json: 'guide.json', adr: 'guide.adr.md', plan: 'replay-plan.yaml' };

describe('the migration guide of a scripted session', () => {
  let s: GuideSession;
  const exported = new Map<GuideFormat, string>();

  beforeAll(async () => {
    s = await scriptGuideSession();
    for (const format of GUIDE_FORMATS) {
      const out = join(s.project, GOLDEN_NAME[format]);
      const result = await s.h.client.request('guide.export', { sessionId: s.sessionId, format, outPath: out });
      expect(result.bytes).toBeGreaterThan(0);
      exported.set(format, readFileSync(out, 'utf8'));
    }
  }, 180_000);
  afterAll(() => s?.close());

  it.each(GUIDE_FORMATS)('matches the golden %s file', (format) => {
    expectGolden(GOLDEN_NAME[format], normaliseGuide(exported.get(format)!, format));
  });

  it('opens in Chromium as one file: no network request, charts drawn, diffs coloured', async () => {
    const file = join(s.project, GOLDEN_NAME.html);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(await page.locator('figure svg').count()).toBeGreaterThan(0);
      expect(await page.locator('h2').allTextContents()).toEqual(GUIDE_SECTIONS.map((section) => GUIDE_SECTION_TITLES[section]));
      expect(await page.evaluate("getComputedStyle(document.querySelector('pre.diff .add')).backgroundColor")).toBe('rgb(218, 251, 225)');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'guide-html.png'), fullPage: false });
      await page.locator('#breaking-changes').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'guide-html-breaking.png') });
      await page.locator('#metrics').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'guide-html-metrics.png') });
      await page.locator('figure').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, 'guide-html-charts.png') });
    } finally {
      await browser.close();
    }
  });

  it('keeps the token out of every format, and the home directory shows as ~', () => {
    for (const [format, text] of exported) {
      expect(text, format).not.toContain(SECRET);
      expect(text, format).not.toContain(s.home);
    }
    expect(exported.get('md')).toContain('GITHUB_TOKEN=[redacted] git status --short');
    expect(exported.get('md')).toContain('`~/src/photondrift`');
  });
});
