/**
 * Context in real browsers: on a page about something else, the glossary's context-dependent forms
 * stay unhighlighted; on a page about the alliance they are highlighted; and the popup's "Why these
 * terms?" tells which and why. Pages come from tests/corpus/, served as they are.
 */
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
