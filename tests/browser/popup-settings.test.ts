/**
 * The toolbar popup, per-site switching and the options page, in real Chromium and Firefox with
 * the built extension. The popup is opened as a page (`popup.html?tab=<id>`) beside the article,
 * since a test cannot click the toolbar button; it speaks to the article's tab as it would from
 * the toolbar.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openExtensionPage,
  type BrowserName,
  type LaunchedBrowser,
  EXTENSION_BUILDS as BUILDS,
} from '../harness/browsers';
import { collectPageErrors, highlights, installRecorder, tabIdOfSite, waitForAnnotated } from '../harness/page-helpers';
import { startFixtureServer, type FixtureServer } from '../harness/server';
import { until } from '../harness/wait';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  const input = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement>;
  await input.evaluate((el) => {
    el.value = '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await input.type(text);
}

const firstResult = (page: Page) =>
  page.evaluate(() => document.querySelector('[role="option"][data-entry-id]')?.getAttribute('data-entry-id') ?? null);

describe.each<BrowserName>(['chromium', 'firefox'])('popup, site switch and options in %s', (name) => {
  let server: FixtureServer;
  let launched: LaunchedBrowser;
  let article: Page;
  let popup: Page;
  let tabId: number;

  beforeAll(async () => {
    server = await startFixtureServer();
    launched = await launchBrowser({ browser: name, extensionDir: BUILDS[name] });
    article = await launched.page();
    await installRecorder(article);
    await article.goto(server.url('news-article.html'), { waitUntil: 'load' });
    await waitForAnnotated(article, { predicate: (e) => e.occurrences > 10 });
    await article.evaluate(() => {
      (window as unknown as { __notReloaded: boolean }).__notReloaded = true;
    });
    const probe = await openExtensionPage(launched, 'popup.html');
    tabId = await tabIdOfSite(probe, '127.0.0.1');
    await probe.close();
    popup = await openExtensionPage(launched, `popup.html?tab=${tabId}`);
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });

  it('finds the Security Consultative Committee from "scc" and from "2+2"', async () => {
    await typeInto(popup, '#glens-search-input', 'scc');
    await until(async () => (await firstResult(popup)) === 'security-consultative-committee', 'scc result');
    await typeInto(popup, '#glens-search-input', '2+2');
    await until(async () => (await firstResult(popup)) === 'security-consultative-committee', '2+2 result');
    await typeInto(popup, '#glens-search-input', '');
  });

  it('lists the terms found on the open page, with counts', async () => {
    const listed = await until(
      () =>
        popup.evaluate(() => {
          const items = [...document.querySelectorAll('.glens-page-term[data-entry-id]')];
          return items.length ? items.map((li) => li.getAttribute('data-entry-id')) : null;
        }),
      'on-this-page list',
    );
    expect(listed).toEqual(
      expect.arrayContaining(['collective-self-defense', 'security-consultative-committee', 'isr']),
    );
    const onPage = new Set((await highlights(article)).map((h) => h.id));
    expect(new Set(listed)).toEqual(onPage);
  });

  it('switches the site off and on from the popup, changing the open tab without a reload', async () => {
    const siteSwitch = async () => {
      const handle = await popup.waitForSelector('button[role="switch"]');
      const label = await handle!.evaluate((el) => el.textContent ?? '');
      expect(label).toContain('127.0.0.1');
      return handle!;
    };
    await (await siteSwitch()).click();
    await until(async () => (await highlights(article)).length === 0, 'highlights removed');
    expect(await article.evaluate(() => document.querySelector('glens-popover, style[data-glens-style]'))).toBeNull();
    await (await siteSwitch()).click();
    await until(async () => (await highlights(article)).length > 10, 'highlights restored');
    expect(await article.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    const stored = await popup.evaluate(() => browser.storage.sync.get('sites'));
    expect(stored.sites ?? []).toEqual([]);
  });

  it('toggles the site with the command Alt+Shift+G sends', async () => {
    // A test cannot press a browser-level shortcut (CDP and BiDi key events go to the page), so it
    // checks the binding and sends the message the command handler sends.
    const commands = await popup.evaluate(() => browser.commands.getAll());
    expect(commands.find((c) => c.name === 'toggle-site')?.shortcut?.replace(/\s/g, '')).toMatch(/^Alt\+Shift\+G$/);
    const toggle = (id: number) =>
      browser.tabs.sendMessage<unknown, { enabled: boolean }>(id, { type: 'glens:toggle-site' });
    const off = await popup.evaluate(toggle, tabId);
    expect(off).toEqual({ enabled: false });
    await until(async () => (await highlights(article)).length === 0, 'highlights removed by the command');
    const on = await popup.evaluate(toggle, tabId);
    expect(on).toEqual({ enabled: true });
    await until(async () => (await highlights(article)).length > 10, 'highlights restored by the command');
  });

  it('keeps a typed site in the options list across reloads, in normal form', async () => {
    const options = await openExtensionPage(launched, 'options.html');
    const errors = collectPageErrors(options);
    await typeInto(options, '#glens-site-input', 'https://www.nytimes.com/x');
    await options.keyboard.press('Enter');
    await until(() => options.evaluate(() => !!document.querySelector('[data-site="nytimes.com"]')), 'site listed');
    await typeInto(options, '#glens-site-input', 'not a site!');
    await options.keyboard.press('Enter');
    const message = await until(
      () => options.evaluate(() => document.querySelector('[data-glens-site-message]')?.textContent?.trim() || null),
      'validation message',
    );
    expect(message).toMatch(/not a site/i);
    await options.close();
    const again = await openExtensionPage(launched, 'options.html');
    await until(() => again.evaluate(() => !!document.querySelector('[data-site="nytimes.com"]')), 'site still listed');
    expect(await again.evaluate(() => browser.storage.sync.get('sites'))).toEqual({ sites: ['nytimes.com'] });
    expect(errors.errors).toEqual([]);
    await again.close();
  });

  it('refuses an invalid settings file and keeps what was saved', async () => {
    const options = await openExtensionPage(launched, 'options.html');
    const dir = mkdtempSync(join(tmpdir(), 'glens-import-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ format: 'glossary-lens-settings', version: 1, settings: { sites: 42 } }));
    const input = (await options.waitForSelector('input[data-glens-import]')) as ElementHandle<HTMLInputElement>;
    try {
      await input.uploadFile(file);
      // Firefox reads the file after the upload resolves: it stays until the page has answered.
      const alert = await until(
        () => options.evaluate(() => document.querySelector('[role="alert"]')?.textContent ?? null),
        'import error',
      );
      expect(alert).toMatch(/sites/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await options.evaluate(() => browser.storage.sync.get('sites'))).toEqual({ sites: ['nytimes.com'] });
    await options.close();
  });

  it('shows the popup, the options page and the glossary page as the README pictures them', async () => {
    const shots = {
      popup: root('tests/screenshots/popup-chromium.png'),
      options: root('tests/screenshots/options-chromium.png'),
      glossary: root('tests/screenshots/glossary-chromium.png'),
    };
    const refresh = process.env.UPDATE_SCREENSHOTS === '1' || Object.values(shots).some((f) => !existsSync(f));
    if (name !== 'chromium' || !refresh) return;
    mkdirSync(root('tests/screenshots'), { recursive: true });
    await popup.setViewport({ width: 380, height: 600 });
    await typeInto(popup, '#glens-search-input', '');
    await popup.screenshot({ path: shots.popup });
    const options = await openExtensionPage(launched, 'options.html');
    await options.setViewport({ width: 1100, height: 900 });
    await options.screenshot({ path: shots.options });
    const glossary = await openExtensionPage(launched, 'glossary.html');
    await glossary.setViewport({ width: 1280, height: 900 });
    await glossary.screenshot({ path: shots.glossary });
    expect(Object.values(shots).every((f) => existsSync(f))).toBe(true);
  });
});
