/**
 * Context in real browsers: on a page about something else, the glossary's context-dependent forms
 * stay unhighlighted; on a page about the alliance they are highlighted; and the popup's "Why these
 * terms?" tells which and why. Pages come from tests/corpus/, served as they are.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openExtensionPage,
  type BrowserName,
  type LaunchedBrowser,
  EXTENSION_BUILDS as BUILDS,
} from '../harness/browsers';
import {
  collectPageErrors,
  highlights,
  installRecorder,
  waitForAnnotated,
  type PageErrors,
} from '../harness/page-helpers';
import { startFixtureServer, type FixtureServer } from '../harness/server';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The id of the one tab whose content script answers, asked from an extension page. */
async function articleTabId(ext: Page): Promise<number> {
  return ext.evaluate(async () => {
    const me = await browser.tabs.getCurrent();
    for (const tab of await browser.tabs.query({})) {
      if (tab.id === undefined || tab.id === me?.id) continue;
      try {
        await browser.tabs.sendMessage(tab.id, { type: 'glens:page-state' }, { frameId: 0 });
        return tab.id;
      } catch {
        // No content script in that tab.
      }
    }
    throw new Error('no tab has a content script');
  });
}

/** Opens the popup for the article's tab, opens "Why these terms?" and reads what it says. */
async function explanation(launched: LaunchedBrowser) {
  const probe = await openExtensionPage(launched, 'popup.html');
  const tabId = await articleTabId(probe);
  const popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`, probe);
  const summary = await popup.waitForSelector('[data-glens-why] summary', { timeout: 10_000 });
  await summary!.click();
  await popup.waitForSelector('[data-glens-why] .glens-why-verdict', { timeout: 10_000 });
  const read = await popup.evaluate(() => ({
    about: document.querySelector('.glens-why-verdict')?.getAttribute('data-glens-about'),
    verdict: document.querySelector('.glens-why-verdict')?.textContent ?? '',
    forms: [...document.querySelectorAll<HTMLElement>('.glens-why-forms > li')].map((li) => ({
      entryId: li.dataset.entryId,
      kept: li.dataset.kept,
      text: li.textContent ?? '',
    })),
  }));
  await popup.close();
  return read;
}

/** Words of no field and no country: filler that makes a page long. */
const FILLER =
  'The committee of the garden club met on a rainy evening to plan the spring show, and the members talked about ' +
  'seeds, soil, tools and the long wait for warmer weather while the kettle boiled in the small kitchen. ';

/** Thirty sections of club news: enough to make a page long, and to put what follows past the first screen. */
function fillerSections(): string {
  return Array.from(
    { length: 30 },
    (_, i) => `<section><h2>Notes ${i + 1}</h2><p>${FILLER.repeat(4)}</p><p>${FILLER.repeat(3)}</p></section>`,
  ).join('');
}

/**
 * A page long enough to be judged section by section, whose two stories lie past the first screen:
 * they are judged from the text the annotator's reading of the whole page handed the context
 * (lib/page-context.ts, `reading`), after their matches were found. One is about skin cancer, one
 * about the alliance, each with an "SCC".
 */
function longPageWithTwoStories(): string {
  const filler = fillerSections();
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Club newsletter</title></head><body><main>' +
    filler +
    '<section id="skin"><h2>Health</h2><p>Squamous cell carcinoma (SCC) is a common skin cancer. Most cases of SCC ' +
    'are cured by surgery, and dermatologists advise sunscreen and regular checks of the skin.</p></section>' +
    '<section id="alliance"><h2>Security</h2><p>Japan and the United States agreed to revise the Guidelines for ' +
    'U.S.-Japan Defense Cooperation. The Security Consultative Committee said the Self-Defense Forces could ' +
    'exercise collective self-defense.</p><p>The SCC also called for more ISR cooperation between the two ' +
    'militaries.</p></section>' +
    filler +
    '</main></body></html>'
  );
}

/** Passages naming Japan and the United States with defense words, and no glossary form. */
const ALLIANCE_PASSAGES = [
  'Officials in Tokyo and Washington said on Monday that the two governments would deepen military ties this year, with more joint training for their troops and closer planning between the two navies for any crisis in the waters near Japan.',
  'A senior American defense official told reporters in Tokyo that Washington expected Japanese forces to take on a larger share of the missile watch, while the two allies would keep their naval patrols near the southern islands for many years.',
  'Japanese and American commanders will meet again in the spring, the ministry said, to review the naval exercises, the missile drills and the alliance budget, which both capitals described as the most important defense issue of the year ahead.',
];

/**
 * A long page whose two briefings say what they are about only in a list and in a table without
 * any term: the reading takes each up whole, unsplit (lib/dom-text.ts), and the context must still
 * read their text, item by item and cell by cell, to keep each briefing's "SCC".
 */
function longPageWithBriefings(): string {
  const filler = fillerSections();
  const items = ALLIANCE_PASSAGES.map((p) => `<li>${p}</li>`).join('');
  const rows = ALLIANCE_PASSAGES.map((p, i) => `<tr><td>${i + 1}</td><td>${p}</td></tr>`).join('');
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Club newsletter</title></head><body><main>' +
    filler +
    `<section id="listed"><h2>Briefing</h2><ul>${items}</ul><p>The SCC met on Tuesday to review the plans.</p></section>` +
    filler +
    `<section id="tabled"><h2>Briefing</h2><table><tr><th>No.</th><th>Item</th></tr>${rows}</table>` +
    '<p>The SCC met again on Friday.</p></section>' +
    filler +
    // A term that needs no context, so that a page whose briefings were misjudged still ends its pass with one.
    '<section><h2>Last</h2><p>Collective self-defense was debated too.</p></section></main></body></html>'
  );
}

describe.each<BrowserName>(['chromium', 'firefox'])('context in %s', (name) => {
  let server: FixtureServer;
  let launched: LaunchedBrowser;
  let article: Page;
  let errors: PageErrors;

  beforeAll(async () => {
    server = await startFixtureServer(root('tests/corpus'));
    launched = await launchBrowser({ browser: name, extensionDir: BUILDS[name] });
    article = await launched.page();
    errors = collectPageErrors(article);
    await installRecorder(article);
  }, 120_000);

  afterAll(async () => {
    errors?.stop();
    await launched?.close();
    await server?.close();
  });

  it('leaves SCC alone on a page about skin cancer, and says why', async () => {
    await article.goto(server.url('off/01-skin-cancer.html'), { waitUntil: 'load' });
    await waitForAnnotated(article, { timeout: 20_000 });
    expect(await highlights(article)).toEqual([]);
    const why = await explanation(launched);
    expect(why.about).toBe('false');
    const scc = why.forms.find((f) => f.entryId === 'security-consultative-committee');
    expect(scc?.kept).toBe('false');
    expect(scc?.text).toContain('squamous cell carcinoma');
  });

  /** Serves `html` from a folder of its own, loads it and waits for its highlights, then runs `check`. */
  const onPage = async (html: string, check: () => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'glens-long-'));
    writeFileSync(join(dir, 'page.html'), html);
    const pageServer = await startFixtureServer(dir);
    try {
      await article.goto(pageServer.url('page.html'), { waitUntil: 'load' });
      await waitForAnnotated(article, { timeout: 20_000, predicate: (e) => e.occurrences > 0 });
      await check();
    } finally {
      await pageServer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('judges each story of a long page on its own, past the first screen', async () => {
    await onPage(longPageWithTwoStories(), async () => {
      const inStory = (id: string) =>
        article.$$eval(`#${id} glens-term[data-glossary-term="security-consultative-committee"]`, (els) =>
          els.map((el) => el.textContent),
        );
      expect(await inStory('alliance')).toEqual(['Security Consultative Committee', 'SCC']);
      expect(await inStory('skin')).toEqual([]);
      const why = await explanation(launched);
      const scc = why.forms.find((f) => f.entryId === 'security-consultative-committee');
      expect(scc?.text).toContain('highlighted 1, left alone 2');
    });
  });

  it('judges a story by the text of its lists and tables that hold no term', async () => {
    await onPage(longPageWithBriefings(), async () => {
      const kept = await article.$$eval('glens-term[data-glossary-term="security-consultative-committee"]', (els) =>
        els.map((el) => el.closest('section')?.id),
      );
      expect(kept).toEqual(['listed', 'tabled']);
    });
  });

  it('highlights SCC and 2+2 on a page about the alliance, and says why', async () => {
    await article.goto(server.url('on/02-two-plus-two-brief.html'), { waitUntil: 'load' });
    await waitForAnnotated(article, { timeout: 20_000, predicate: (e) => e.occurrences > 0 });
    const scc = (await highlights(article)).filter((h) => h.id === 'security-consultative-committee');
    expect(scc.map((h) => h.text)).toEqual(expect.arrayContaining(['SCC', '2+2', 'two-plus-two']));
    const why = await explanation(launched);
    expect(why.about).toBe('true');
    expect(why.forms.find((f) => f.entryId === 'security-consultative-committee')?.kept).toBe('true');
  });
});
