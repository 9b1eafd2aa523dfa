/**
 * A page cannot steer the extension, in real Chromium and Firefox with the built extension. The
 * fixture (tests/fixtures/hostile/impostor.html) dispatches the event the content script
 * dispatches, posts messages shaped like the extension's own, calls the extension's messaging with
 * its id, fakes the shortcut, and writes elements shaped like its highlights (after the content
 * script has started: at start it takes any it finds for an earlier copy's leftovers, and unwraps
 * them, keeping their text). Afterwards the
 * extension's settings, badge, tabs and page totals are what they were, and nothing the extension
 * shows came from the page.
 *
 * Why this holds: the content script listens to no page event or window message (it only
 * dispatches `glossary:annotated`, for the page's information); it takes messages only from
 * `runtime.onMessage`, which a page cannot reach without `externally_connectable` (the manifest
 * has none), and parses each with the schema in lib/messages.ts; a page has no `storage` API; and
 * a card is drawn only from the bundled glossary, by entry id.
 */
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
  hoverTerm,
  installRecorder,
  popoverCard,
  tabIdOfSite,
  unhover,
  waitForAnnotated,
  waitForPopoverClosed,
  type PageErrors,
} from '../harness/page-helpers';
import { startFixtureServer, type FixtureServer } from '../harness/server';
import { sleep } from '../harness/wait';

/** What the extension holds and shows for the tab: everything a page might try to change. */
async function extensionState(ext: Page, tabId: number) {
  return ext.evaluate(async (id) => {
    const action = browser.action ?? browser.browserAction;
    const pageState = await browser.tabs
      .sendMessage<unknown, unknown>(id, { type: 'glens:page-state' }, { frameId: 0 })
      .catch((e: unknown) => `no answer: ${String(e)}`);
    return {
      sync: await browser.storage.sync.get(null),
      local: await browser.storage.local.get(null),
      badge: await action.getBadgeText({ tabId: id }),
      title: await action.getTitle({ tabId: id }),
      tabs: (await browser.tabs.query({})).length,
      pageState,
    };
  }, tabId);
}

/** Highlights the extension made (not the page's look-alikes in #fakes). */
const ownHighlights = async (page: Page) =>
  (await highlights(page)).length -
  (await page.evaluate(() => document.querySelectorAll('#fakes glens-term[data-glossary-term]').length));

describe.each<BrowserName>(['chromium', 'firefox'])('page isolation in %s', (name) => {
  let server: FixtureServer;
  let launched: LaunchedBrowser;
  let ext: Page;
  let page: Page;
  let errors: PageErrors;
  let tabId: number;
  let runtimeId: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    launched = await launchBrowser({ browser: name, extensionDir: BUILDS[name] });
    ext = await openExtensionPage(launched, 'options.html');
    // Settings of the person's own, so "unchanged" means something.
    await ext.evaluate(() =>
      browser.storage.sync.set({ sites: ['example.org'], sites$: { v: 1 }, highlightStyle: 'background' }),
    );
    runtimeId = await ext.evaluate(() => browser.runtime.id);
    page = await launched.page();
    await installRecorder(page);
    errors = collectPageErrors(page);
    await page.goto(server.url('hostile/impostor.html'), { waitUntil: 'load' });
    await waitForAnnotated(page, { predicate: (e) => e.occurrences > 0 });
    tabId = await tabIdOfSite(ext, '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });

  it('changes no setting, badge, tab or page total by fake events, crafted messages or calls to the extension', async () => {
    // The badge is set when the first pass reports; wait for it before taking the baseline.
    const badge = () =>
      ext.evaluate((id) => (browser.action ?? browser.browserAction).getBadgeText({ tabId: id }), tabId);
    for (let i = 0; i < 50 && !(await badge()); i++) await sleep(100);
    const before = await extensionState(ext, tabId);
    const highlightsBefore = await ownHighlights(page);
    expect(before.badge).toMatch(/^\d+$/);
    expect(highlightsBefore).toBeGreaterThan(0);

    const tried = await page.evaluate(
      (ids) =>
        (window as unknown as { __impersonate(ids: string[]): Promise<Record<string, string>> }).__impersonate(ids),
      [runtimeId],
    );
    // Long enough for a toggle, a badge update or a settings write to land, had any got through.
    await sleep(2000);

    console.log(`[page isolation] ${name}: what the page got: ${JSON.stringify(tried)}`);
    // A page has neither the extension's storage nor its `browser` namespace.
    expect(tried['browser']).toBe('undefined');
    expect(tried['chrome.storage']).toBe('undefined');
    // The manifest has no `externally_connectable`, so a page is given no runtime.sendMessage to
    // call the extension with (Chromium exposes one only to pages an extension lists there).
    expect(tried['chrome.runtime.sendMessage']).toBe('undefined');
    for (const [what, outcome] of Object.entries(tried)) {
      if (what.startsWith('sendMessage ')) expect(outcome).toMatch(/^refused: /);
    }

    const after = await extensionState(ext, tabId);
    expect(after).toEqual(before);
    expect(await ownHighlights(page)).toBe(highlightsBefore);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors.errors).toEqual([]);
  });

  it("opens at most the extension's own card from a highlight the page wrote, never the page's text", async () => {
    await page.bringToFront();
    await page.evaluate(() => (window as unknown as { __writeLookAlikes(): void }).__writeLookAlikes());
    // The genuine card, from a highlight the extension made.
    const genuine = await hoverTerm(page, 'collective-self-defense', { within: '#context' });
    expect(genuine?.excerpt).toBeTruthy();
    await unhover(page);
    await waitForPopoverClosed(page);

    const popoverText = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('glens-popover')].map((h) => h.shadowRoot?.textContent ?? '').join(' '),
      );
    const hoverFake = async (selector: string) => {
      await page.$eval(selector, (el) => el.scrollIntoView({ block: 'center' }));
      const box = (await (await page.$(selector))!.boundingBox())!;
      await page.mouse.move(2, 2);
      await page.mouse.move(box.x + Math.min(20, box.width / 2), box.y + box.height / 2, { steps: 8 });
      await sleep(1500);
    };

    // A look-alike naming a real entry: nothing, or that entry's bundled card.
    await hoverFake('#fake-known');
    const known = await popoverCard(page);
    if (known) expect(known).toMatchObject({ id: genuine!.id, term: genuine!.term, excerpt: genuine!.excerpt });
    expect(await popoverText()).not.toContain('PAGE-WRITTEN');
    await unhover(page);
    await page.keyboard.press('Escape');
    await waitForPopoverClosed(page);

    // A look-alike naming an entry the glossary does not have: no card at all.
    await hoverFake('#fake-unknown');
    expect(await popoverCard(page)).toBeNull();
    expect(await popoverText()).not.toContain('PAGE-WRITTEN');
    await unhover(page);
    console.log(
      `[page isolation] ${name}: a page-written highlight of a real entry opened ${known ? 'the bundled card' : 'nothing'}`,
    );
    expect(errors.errors).toEqual([]);
  });

  it('runs on its own pages only the code it bundles (its content security policy, in force)', async () => {
    // eval and new Function cannot be tried from here: code a test runs through CDP or BiDi is
    // exempt from a page's policy on eval. The policy's text is checked in manifest.test.ts, and
    // the reader under it in reader.test.ts.
    const outcome = await ext.evaluate(async (remote) => {
      const w = window as unknown as { __inline?: string };
      w.__inline = 'not run';
      const inline = document.createElement('script');
      inline.textContent = 'window.__inline = "ran"';
      document.head.append(inline);
      const fromServer = await new Promise<string>((resolve) => {
        const script = document.createElement('script');
        script.src = remote;
        script.onload = () => resolve('ran');
        script.onerror = () => resolve('blocked');
        document.head.append(script);
      });
      const baseBefore = document.baseURI;
      const base = document.createElement('base');
      base.href = new URL('/elsewhere/', remote).href;
      document.head.prepend(base);
      const baseMoved = document.baseURI !== baseBefore;
      base.remove();
      // The smallest WebAssembly module, as pdf.js's image decoders need: Chromium refuses to
      // compile it under a policy without 'wasm-unsafe-eval'.
      const wasm = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
        () => 'compiled',
        (e: unknown) => `refused: ${String(e)}`,
      );
      return { inline: w.__inline, fromServer, baseMoved, wasm };
    }, server.url('hostile/spa.js'));
    expect(outcome).toEqual({ inline: 'not run', fromServer: 'blocked', baseMoved: false, wasm: 'compiled' });
  });

  it("at worst stops the content script with WXT's script-started event, and then leaves the page clean (accepted)", async () => {
    // WXT's ContentScriptContext stops an older copy of a content script when a newer one
    // announces itself with a CustomEvent on `document` named from the extension's id (public:
    // Chromium's is the store id, Firefox's the gecko id). A page can send that event too. The
    // worst it can do is what the person could do by switching the site off: the content script
    // tears down through its one path (ctx.onInvalidated), taking every highlight and the popover
    // with it. That fails closed, so it is accepted; the test pins that it is clean.
    const before = await ownHighlights(page);
    expect(before).toBeGreaterThan(0);
    await page.evaluate((id) => {
      const type = `${id}:content:wxt:content-script-started`;
      const detail = { contentScriptName: 'content', messageId: 'from-the-page' };
      document.dispatchEvent(new CustomEvent(type, { detail }));
      window.postMessage({ type, ...detail }, '*');
    }, runtimeId);
    await sleep(2000);
    const after = await ownHighlights(page);
    const leftovers = await page.evaluate(() => ({
      popovers: document.querySelectorAll('glens-popover').length,
      pieces: document.querySelectorAll('body > :not(#fakes) glens-term, #context glens-term').length,
      styles: document.querySelectorAll('style[data-glens-style]').length,
    }));
    console.log(
      `[page isolation] ${name}: WXT's script-started event from the page ${after === 0 ? 'stopped the content script' : 'changed nothing'} (highlights ${before} -> ${after})`,
    );
    if (after === 0) expect(leftovers).toEqual({ popovers: 0, pieces: 0, styles: 0 });
    else expect(after).toBe(before);
    // Either way the page's own text is whole, and the page saw no error.
    expect(await page.$eval('#context', (el) => el.textContent?.replace(/\s+/g, ' ').trim())).toBe(
      'Japan and the United States agreed to deepen defense cooperation under the U.S.-Japan alliance. The Security Consultative Committee (SCC) discussed collective self-defense and ISR.',
    );
    expect(errors.errors).toEqual([]);
  });
});
