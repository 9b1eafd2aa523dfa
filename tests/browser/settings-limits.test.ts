/**
 * The site list against the browsers' real `storage.sync` quotas, in Chromium and Firefox with the
 * built extension: the fullest list the options page allows is exactly the most the browser stores
 * in one item (8,192 bytes), one site more is refused with a message, and a write the browser
 * refuses (its total of 102,400 bytes is full) shows a message and changes nothing already saved.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_ITEM_MAX_BYTES } from '../../lib/settings';
import {
  launchBrowser,
  openExtensionPage,
  type BrowserName,
  type LaunchedBrowser,
  EXTENSION_BUILDS as BUILDS,
} from '../harness/browsers';
import { collectPageErrors, highlights, installRecorder, tabIdOfSite, waitForAnnotated } from '../harness/page-helpers';
import { startFixtureServer, type FixtureServer } from '../harness/server';
import { fullSiteList, ONE_MORE_SITE } from '../harness/site-lists';
import { until } from '../harness/wait';

const storedSites = (page: Page) =>
  page.evaluate(async () => ((await browser.storage.sync.get('sites')).sites as string[] | undefined) ?? []);

async function addSite(page: Page, site: string): Promise<void> {
  const input = (await page.waitForSelector('#glens-site-input')) as ElementHandle<HTMLInputElement>;
  await input.evaluate((el) => {
    el.value = '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await input.type(site);
  await page.keyboard.press('Enter');
}

const siteMessage = (page: Page) =>
  page.evaluate(() => document.querySelector('[data-glens-site-message]')?.textContent?.trim() || null);
const saveError = (page: Page) =>
  page.evaluate(() => document.querySelector('[role="alert"][data-glens-save-error]')?.textContent?.trim() || null);

describe.each<BrowserName>(['chromium', 'firefox'])('settings limits in %s', (name) => {
  let server: FixtureServer;
  let launched: LaunchedBrowser;
  let options: Page;
  const full = fullSiteList();

  beforeAll(async () => {
    server = await startFixtureServer();
    launched = await launchBrowser({ browser: name, extensionDir: BUILDS[name] });
    options = await openExtensionPage(launched, 'options.html');
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });

  it(`refuses, in the browser itself, a site list one byte over ${SYNC_ITEM_MAX_BYTES} bytes`, async () => {
    // The cap the extension applies is the browser's own, not a guess: the fullest list is stored,
    // one site more is refused by storage.sync itself.
    const result = await options.evaluate(
      async (sites, extra) => {
        const attempt = (value: string[]) =>
          browser.storage.sync.set({ sites: value }).then(
            () => 'stored',
            (e: unknown) => `refused: ${String(e)}`,
          );
        const atLimit = await attempt(sites);
        const over = await attempt([...sites, extra]);
        await browser.storage.sync.clear();
        return { atLimit, over };
      },
      full,
      ONE_MORE_SITE,
    );
    expect(result.atLimit).toBe('stored');
    expect(result.over).toMatch(/refused: .*quota/i);
  });

  it(`saves the fullest list (${full.length} sites here) from the options page, and refuses one more with a message`, async () => {
    const errors = collectPageErrors(options);
    // All but the last site are stored directly; the last is added as a person adds one.
    await options.evaluate((sites) => browser.storage.sync.set({ sites, sites$: { v: 1 } }), full.slice(0, -1));
    await until(
      () => options.evaluate((n) => document.querySelectorAll('[data-site]').length === n, full.length - 1),
      'the stored list on the page',
    );
    await addSite(options, full.at(-1)!);
    await until(async () => (await storedSites(options)).length === full.length, 'the fullest list stored');
    expect(await storedSites(options)).toEqual(full);

    await addSite(options, ONE_MORE_SITE);
    const message = await until(() => siteMessage(options), 'the list-full message');
    expect(message).toMatch(/site list is full: the browser syncs at most 8,192 bytes per setting/);
    expect(message).toContain(`(${full.length} sites now.)`);
    expect(await options.$eval('#glens-site-input', (el) => (el as HTMLInputElement).value)).toBe(ONE_MORE_SITE);
    expect(await storedSites(options)).toEqual(full);
    expect(await options.evaluate(() => document.querySelectorAll('[data-site]').length)).toBe(full.length);
    expect(errors.errors).toEqual([]);
    errors.stop();
  });

  it('says so in the popup when switching a site off would overfill the list, and keeps the list', async () => {
    const article = await launched.browser.newPage();
    await installRecorder(article);
    await article.goto(server.url('news-article.html'), { waitUntil: 'load' });
    await waitForAnnotated(article, { predicate: (e) => e.occurrences > 10 });
    // The tab whose content script answers for 127.0.0.1 (tabs.query by address needs a permission we lack).
    const tabId = await tabIdOfSite(options, '127.0.0.1');
    const popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`);
    const siteSwitch = await popup.waitForSelector('button[role="switch"][aria-checked="true"]');
    expect(await siteSwitch!.evaluate((el) => el.textContent)).toContain('127.0.0.1');
    await siteSwitch!.click();
    const alert = await until(() => saveError(popup), 'the popup to say the list is full');
    expect(alert).toMatch(/site list is full/);
    expect(await storedSites(popup)).toEqual(full);
    // The switch shows what is stored (still on), and the page keeps its highlights.
    await until(
      () => popup.evaluate(() => document.querySelector('button[role="switch"]')?.getAttribute('aria-checked')),
      'the switch',
    ).then((checked) => expect(checked).toBe('true'));
    expect((await highlights(article)).length).toBeGreaterThan(10);
    await popup.close();
    await article.close();
  });

  it('shows why when the browser refuses a write (total quota full), and loses nothing saved', async () => {
    // Fill what is left of the 102,400 bytes with items of our own, as another part of the
    // extension (or a bug) might; then any new setting is refused by the browser itself.
    const filled = await options.evaluate(async () => {
      // Largest items first, halving on each refusal, down to one character: what is left free
      // is then smaller than any setting with its version beside it.
      let i = 0;
      for (let length = 8000; length >= 1;) {
        const stored = await browser.storage.sync.set({ [`junk${i}`]: 'x'.repeat(length) }).then(
          () => true,
          () => false,
        );
        if (stored) i++;
        else length = Math.floor(length / 2);
      }
      return i;
    });
    expect(filled).toBeGreaterThan(10);
    const errors = collectPageErrors(options);
    const firstOnly = await options.waitForSelector('label.glens-checkbox input[type="checkbox"]');
    expect(await firstOnly!.evaluate((el) => el.checked)).toBe(false);
    await firstOnly!.click();
    const alert = await until(() => saveError(options), 'the save error');
    expect(alert).toMatch(/could not be saved: the browser's synced storage for extensions is full .*unchanged/);
    await until(
      () => options.evaluate(() => !document.querySelector<HTMLInputElement>('label.glens-checkbox input')!.checked),
      'the checkbox to show what is stored',
    );
    const stored = await options.evaluate(() => browser.storage.sync.get(['firstOnly', 'sites']));
    expect(stored).toEqual({ sites: full });
    // Making room lets the same change through, and the message goes away.
    await options.evaluate(async () => {
      const all = await browser.storage.sync.get(null);
      await browser.storage.sync.remove(Object.keys(all).filter((k) => k.startsWith('junk')));
    });
    await firstOnly!.click();
    await until(
      () => options.evaluate(async () => (await browser.storage.sync.get('firstOnly')).firstOnly === true),
      'the save after making room',
    );
    expect(await saveError(options)).toBeNull();
    expect(await storedSites(options)).toEqual(full);
    expect(errors.errors).toEqual([]);
  });
});
