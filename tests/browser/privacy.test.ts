/**
 * Nothing leaks: while the extension annotates pages, opens popovers, looks up a selection and
 * shows its popup, options and glossary pages, every network request is the page's own. Requests
 * are recorded three ways: the fixture server's log, the browser's own view of each tab
 * (puppeteer's `request` events, over CDP or WebDriver BiDi), and in Chromium the service worker's
 * network (CDP). Extension pages and the extension's own packaged files (chrome-extension://,
 * moz-extension://) are not network requests and are allowed.
 */
import { TargetType, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openExtensionPage,
  type BrowserName,
  type LaunchedBrowser,
  EXTENSION_BUILDS as BUILDS,
} from '../harness/browsers';
import { hoverTerm, installRecorder, waitForAnnotated } from '../harness/page-helpers';
import { startFixtureServer, type FixtureServer } from '../harness/server';

/** The fixtures the pages themselves load. */
const PAGE_FILES = ['/news-article.html', '/hostile/injection.html', '/favicon.ico'];

describe.each<BrowserName>(['chromium', 'firefox'])('network requests in %s', (name) => {
  let server: FixtureServer;
  let launched: LaunchedBrowser;
  const seen: { url: string; from: string }[] = [];
  const record = (page: Page, from: string) => page.on('request', (r) => seen.push({ url: r.url(), from }));

  beforeAll(async () => {
    server = await startFixtureServer();
    launched = await launchBrowser({ browser: name, extensionDir: BUILDS[name] });
    if (name === 'chromium') {
      // The background service worker: every request it makes, through CDP's Network domain.
      const worker = await launched.browser.waitForTarget(
        (t) => t.type() === TargetType.SERVICE_WORKER && t.url().startsWith(launched.extensionBaseUrl ?? '-'),
        { timeout: 10_000 },
      );
      const cdp = await worker.createCDPSession();
      cdp.on('Network.requestWillBeSent', (e) => seen.push({ url: e.request.url, from: 'service worker' }));
      await cdp.send('Network.enable');
    }
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });

  it('makes no request but the page’s own while annotating, explaining and looking up', async () => {
    const article = await launched.page();
    record(article, 'article');
    await installRecorder(article);
    await article.goto(server.url('news-article.html'), { waitUntil: 'load' });
    await waitForAnnotated(article, { predicate: (e) => e.occurrences > 10, timeout: 20_000 });
    await hoverTerm(article, 'collective-self-defense', { within: '#p-article9' });
    await article.keyboard.press('Escape');
    await hoverTerm(article, 'security-consultative-committee');

    const other = await launched.browser.newPage();
    record(other, 'injection page');
    await installRecorder(other);
    await other.goto(server.url('hostile/injection.html'), { waitUntil: 'load' });
    await waitForAnnotated(other, { predicate: (e) => e.occurrences > 0, timeout: 20_000 });
    await other.evaluate(() => getSelection()!.selectAllChildren(document.getElementById('p2')!));

    // The extension's own pages: popup (with its search and the tab's terms), options, glossary.
    const popup = await openExtensionPage(launched, 'popup.html');
    record(popup, 'popup');
    const tabIds = await popup.evaluate(async () => {
      const me = await browser.tabs.getCurrent();
      return (await browser.tabs.query({})).filter((t) => t.id !== me?.id).map((t) => t.id!);
    });
    // Replies are left in the page: Firefox cannot hand objects from another compartment back to us.
    await popup.evaluate(async (ids) => {
      await Promise.all(
        ids.flatMap((id) => [
          browser.tabs.sendMessage(id, { type: 'glens:page-state' }, { frameId: 0 }).catch(() => null),
          browser.tabs
            .sendMessage(id, { type: 'glens:lookup', text: 'collective self-defense' }, { frameId: 0 })
            .catch(() => null),
        ]),
      );
    }, tabIds);
    const forTab = await openExtensionPage(launched, `popup.html?tab=${tabIds[0]}`);
    record(forTab, 'popup for the tab');
    const input = await forTab.waitForSelector('#glens-search-input');
    await input!.type('scc');
    for (const path of ['options.html', 'glossary.html?q=ISR']) {
      const page = await openExtensionPage(launched, path);
      record(page, path);
      await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, 500));

    const isOwnPackage = (url: string) => /^(chrome-extension|moz-extension):/.test(url);
    const isPageOwn = (url: string) => url.startsWith(`${server.origin}/`) || /^(data|about|blob):/.test(url);
    const foreign = seen.filter(({ url }) => !isOwnPackage(url) && !isPageOwn(url));
    expect(foreign).toEqual([]);
    // Only the pages themselves went to the server, and only for their own files.
    const paths = new Set(server.requests.map((r) => new URL(r.url, server.origin).pathname));
    expect([...paths].filter((p) => !PAGE_FILES.includes(p))).toEqual([]);
    // Extension pages asked the network for nothing at all.
    expect(seen.filter(({ from, url }) => !['article', 'injection page'].includes(from) && !isOwnPackage(url))).toEqual(
      [],
    );
    console.info(`[${name}] requests seen: ${seen.length}, none foreign`);
  });
});
