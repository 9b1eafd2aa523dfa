/**
 * The spine: the built extension, in real Chromium and Firefox, on a served news article.
 * It highlights the alliance's terms with the right entry ids, leaves form fields, editable regions
 * and code alone, follows content added after load, and explains a term in a popover on hover.
 *
 * Needs the builds: `npx wxt build` (.output/chrome-mv3) and `npx wxt build -b firefox`
 * (.output/firefox-mv2). Set UPDATE_SCREENSHOTS=1 to refresh tests/screenshots/popover-chromium.png
 * (written anyway when missing).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser, EXTENSION_BUILDS as BUILDS } from '../harness/browsers';
import {
  annotatedEvents,
  collectPageErrors,
  forbiddenHighlights,
  highlights,
  highlightsWithin,
  hoverTerm,
  installRecorder,
  occurrences,
  popoverCard,
  waitForAnnotated,
  waitForPopoverClosed,
  type Highlight,
  type PageErrors,
} from '../harness/page-helpers';
import { startFixtureServer, type FixtureServer } from '../harness/server';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const SCREENSHOT = root('tests/screenshots/popover-chromium.png');

type DataEntry = { id: string; explanation: string; report?: { excerpt: string } | null };
/** The glossary's entries as authors wrote them. */
const dataEntries = (): DataEntry[] => JSON.parse(readFileSync(root('data/glossary.json'), 'utf8')) as DataEntry[];

/** The report excerpt of an entry, from the bundled glossary when it is there. */
function excerptOf(id: string): string | undefined {
  if (!existsSync(root('data/glossary.json'))) return undefined;
  return dataEntries().find((e) => e.id === id)?.report?.excerpt;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const idsOf = (hs: Highlight[]) => new Set(hs.map((h) => h.id));
const textsFor = (hs: Highlight[], id: string) => hs.filter((h) => h.id === id).map((h) => squash(h.text));

/** Text of the fields the extension must leave alone, to compare before and after annotation. */
async function untouchables(page: Page) {
  return page.evaluate(() => ({
    textarea: (document.getElementById('comment') as HTMLTextAreaElement).value,
    textareaChildren: document.getElementById('comment')!.childElementCount,
    input: (document.getElementById('tags') as HTMLInputElement).value,
    editable: document.getElementById('notes')!.innerHTML,
    pre: document.getElementById('embed')!.innerHTML,
  }));
}

describe.each(['chromium', 'firefox'] as const)('spine in %s', (name) => {
  let server: FixtureServer;
  let launched: LaunchedBrowser;
  let page: Page;
  let errors: PageErrors;

  beforeAll(async () => {
    server = await startFixtureServer();
    launched = await launchBrowser({ browser: name, extensionDir: BUILDS[name] });
    page = await launched.page();
    errors = collectPageErrors(page);
    await installRecorder(page);
    await page.goto(server.url('news-article.html'), { waitUntil: 'load' });
  });

  afterAll(async () => {
    errors?.stop();
    await launched?.close();
    await server?.close();
  });

  it('reports an annotation pass with the documented event', async () => {
    const ev = await waitForAnnotated(page, { timeout: 20_000 });
    expect([typeof ev.terms, typeof ev.occurrences, typeof ev.ms]).toEqual(['number', 'number', 'number']);
    expect(ev.terms).toBeGreaterThanOrEqual(10);
    expect(ev.occurrences).toBeGreaterThanOrEqual(ev.terms);
    expect(ev.ms).toBeGreaterThanOrEqual(0);
  });

  it('highlights the alliance terms with their entry ids', async () => {
    const hs = await highlights(page);
    const occ = await occurrences(page);
    const ids = idsOf(hs);
    for (const id of [
      'collective-self-defense',
      'security-consultative-committee',
      'interim-report',
      'isr',
      'hadr',
      'neo',
      'us-japan-alliance',
      'defense-guidelines',
      'maritime-security',
      'deterrence',
      'cybersecurity',
      'interoperability',
      'article-9',
      'strategic-rebalance',
    ]) {
      expect(ids, `a highlight for ${id}`).toContain(id);
    }
    for (const el of hs) expect(el.id, `data-glossary-term of "${el.text}"`).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);

    const csd = textsFor(occ, 'collective-self-defense');
    expect(csd.filter((t) => /^collective self-defense$/i.test(t)).length).toBeGreaterThanOrEqual(2);
    expect(csd).toContain('集団的自衛権');

    const scc = textsFor(occ, 'security-consultative-committee');
    expect(scc).toEqual(expect.arrayContaining(['2+2', 'SCC', 'Security Consultative Committee']));
    expect(textsFor(occ, 'isr')).toEqual(expect.arrayContaining(['ISR']));
    expect(textsFor(occ, 'isr').some((t) => /^intelligence, surveillance, and reconnaissance$/i.test(t))).toBe(true);
    expect(textsFor(occ, 'hadr')).toEqual(expect.arrayContaining(['HA/DR']));
    expect(textsFor(occ, 'hadr').some((t) => /^humanitarian assistance and disaster relief$/i.test(t))).toBe(true);
    expect(textsFor(occ, 'neo')).toContain('NEO');

    // A term in a link is highlighted too (inside the link, which keeps working).
    expect(idsOf(await highlightsWithin(page, '#guidelines-link'))).toContain('defense-guidelines');
    expect(await page.$eval('#guidelines-link', (a) => a.getAttribute('href'))).toBe('#background');
  });

  it('reads the words a block holds beside the blocks inside it', async () => {
    // A container of blocks with text of its own is read whole, not split into its blocks (which
    // would skip that text); Firefox asks whether it has any by an XPath query, Chromium by a loop.
    const own = await page.$$eval('#mixed-block > glens-term', (els) =>
      els.map((el) => el.getAttribute('data-glossary-term')),
    );
    expect(own).toEqual(['security-consultative-committee']);
  });

  it('joins a term split across inline tags into one occurrence', async () => {
    const pieces = await highlightsWithin(page, '#p-csd');
    const csd = pieces.filter((p) => p.id === 'collective-self-defense');
    expect(csd.length, JSON.stringify(pieces)).toBeGreaterThanOrEqual(2);
    const occs = new Set(csd.map((p) => p.occ));
    expect(occs.size, 'the pieces share one data-glens-occ').toBe(1);
    expect([...occs][0]).toBeTruthy();
    expect(squash(csd.map((p) => p.text).join('')).replace(/collective\s*self/i, 'collective self')).toMatch(
      /^collective self-defense$/i,
    );
    const inEm = await page.$$eval('#p-csd em glens-term', (els) => els.map((e) => e.textContent));
    expect(inEm).toEqual(['collective']);
    // The article still reads the same.
    expect(squash(await page.$eval('#p-csd', (p) => p.textContent ?? ''))).toContain(
      'the limited exercise of collective self-defense, a change',
    );
  });

  it('never highlights inside form fields, editable regions or code', async () => {
    expect(await forbiddenHighlights(page)).toEqual([]);
    expect(await page.$$('#comment glens-term, #notes glens-term, #embed glens-term, #tags glens-term')).toHaveLength(
      0,
    );
    expect(await untouchables(page)).toEqual({
      textarea: 'I think collective self-defense needs a wider debate.',
      textareaChildren: 0,
      input: 'HA/DR',
      editable: 'Ask the SCC spokesperson when the interim report will be translated.',
      pre: '<code>ISR SCC</code>',
    });
  });

  it('annotates a paragraph the page adds by itself after load', async () => {
    await page.waitForSelector('#appended-auto glens-term[data-glossary-term="neo"]', { timeout: 10_000 });
    const added = await highlightsWithin(page, '#appended-auto');
    expect(added.map((h) => h.id)).toContain('neo');
    expect(squash(added.find((h) => h.id === 'neo')!.text)).toMatch(/^noncombatant evacuation/i);
  });

  it('annotates a paragraph added by a click, and reports the pass', async () => {
    const before = (await annotatedEvents(page)).length;
    await page.click('#append-neo');
    await page.waitForSelector('#appended-by-button', { timeout: 5_000 });
    await waitForAnnotated(page, { since: before, timeout: 10_000 });
    await page.waitForSelector('#appended-by-button glens-term[data-glossary-term="neo"]', { timeout: 10_000 });
    expect((await highlightsWithin(page, '#appended-by-button')).map((h) => h.id)).toContain('neo');
    // Still nothing in the fields after the later passes.
    expect(await forbiddenHighlights(page)).toEqual([]);
  });

  it('opens a popover card on hover and closes it with Escape', async () => {
    expect(await popoverCard(page)).toBeNull();
    const card = await hoverTerm(page, 'collective-self-defense', { within: '#p-article9', timeout: 5_000 });
    expect(card).not.toBeNull();
    expect(card!.id).toBe('collective-self-defense');
    expect(card!.term).toMatch(/collective self-defense/i);
    expect(card!.excerpt.length).toBeGreaterThan(20);
    const excerpt = excerptOf('collective-self-defense');
    if (excerpt) expect(card!.excerpt).toContain(squash(excerpt));
    expect(card!.section).toMatch(/Q[1-4]/);
    expect(card!.inDialog, 'the card is (inside) a role="dialog"').toBe(true);
    expect(card!.onDocumentElement, '<glens-popover> is a child of <html>').toBe(true);

    await page.keyboard.press('Escape');
    await waitForPopoverClosed(page, 3_000);
  });

  it('brings the cards’ texts from the background: the content script, injected into every page, has none', async () => {
    const entries = dataEntries();
    // The longest run of each explanation a bundler writes as it is (no quote or backslash to escape).
    const marks = entries.map((e) =>
      e.explanation.split(/['"\\\u2018-\u201f]/).reduce((a, b) => (b.length > a.length ? b : a)),
    );
    const found = (file: string) => {
      const script = readFileSync(`${BUILDS[name]}/${file}`, 'utf8');
      return marks.filter((mark) => script.includes(mark)).length;
    };
    expect(found('content-scripts/content.js')).toBe(0);
    // The check finds them where they are.
    expect(found('background.js')).toBe(entries.length);
    // Yet the popover shows them (the hover test above read the excerpt; here the explanation).
    const card = await hoverTerm(page, 'collective-self-defense', { within: '#p-article9', timeout: 5_000 });
    expect(card?.loaded).toBe(true);
    const explanation = await page.evaluate(() => {
      const root = [...document.querySelectorAll('glens-popover')].map((h) => h.shadowRoot).find(Boolean);
      return root?.querySelector('.glens-card-explanation')?.textContent ?? '';
    });
    expect(explanation).toBe(entries.find((e) => e.id === 'collective-self-defense')?.explanation);
    await page.keyboard.press('Escape');
    await waitForPopoverClosed(page, 3_000);
  });

  it('explains a term on the demo article too (Chromium saves the README screenshot)', async () => {
    const demo = await launched.browser.newPage();
    const demoErrors = collectPageErrors(demo);
    try {
      await demo.setViewport({ width: 1280, height: 800 });
      await installRecorder(demo);
      await demo.goto(server.url('demo-article.html'), { waitUntil: 'load' });
      await waitForAnnotated(demo, { timeout: 20_000 });
      const card = await hoverTerm(demo, 'collective-self-defense', { at: 0.2 });
      expect(card?.id).toBe('collective-self-defense');
      if (name === 'chromium' && (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(SCREENSHOT))) {
        await new Promise((r) => setTimeout(r, 300)); // let any opening transition finish
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await demo.screenshot({ path: SCREENSHOT });
      }
      expect(demoErrors.errors).toEqual([]);
    } finally {
      demoErrors.stop();
      await demo.close();
    }
  });

  it('raised no page errors and fetched nothing unexpected', () => {
    expect(errors.errors).toEqual([]);
    const unexpected = server.requests.filter((r) => r.status >= 400);
    expect(unexpected).toEqual([]);
  });
});
