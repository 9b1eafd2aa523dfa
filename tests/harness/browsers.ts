/**
 * Launches Chromium or Firefox through puppeteer-core with an unpacked extension installed.
 *
 * - Chromium: CDP over a pipe, `enableExtensions: true` (adds --enable-unsafe-extension-debugging),
 *   then `browser.installExtension(dir)` (CDP `Extensions.loadUnpacked`). Returns the extension id.
 * - Firefox: WebDriver BiDi, then `browser.installExtension(dir)` (BiDi `webExtension.install`, a
 *   temporary add-on, so unsigned is fine). BiDi returns the add-on id (the manifest's gecko id), not
 *   the moz-extension UUID; we pin that UUID up front through the `extensions.webextensions.uuids`
 *   pref, so the base URL is known as well.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type BrowserName = 'chromium' | 'firefox';

export interface LaunchOptions {
  browser: BrowserName;
  /** An unpacked extension: a folder with manifest.json (e.g. .output/chrome-mv3). */
  extensionDir?: string;
  /** Defaults to true. */
  headless?: boolean;
  /** Viewport for new pages; defaults to 1280x800. `null` lets the window decide (headful use). */
  viewport?: { width: number; height: number } | null;
  /** Extra browser command-line arguments. */
  args?: string[];
  /**
   * Firefox only, default true: start with --remote-allow-system-access. Firefox's BiDi refuses to
   * navigate to any URL but http(s)/file/blob/about:blank ("Navigation to moz-extension://… is not
   * allowed in this context") unless this is on, so without it the extension's own pages
   * (popup, options) cannot be opened with page.goto().
   */
  firefoxSystemAccess?: boolean;
  /** Firefox only: extra preferences for the temporary profile. */
  firefoxPrefs?: Record<string, string | number | boolean>;
}

export interface LaunchedBrowser {
  browser: Browser;
  name: BrowserName;
  /** Chromium: the extension id. Firefox: the add-on id (gecko id) BiDi reports. */
  extensionId?: string;
  /**
   * Where the extension's pages live, ending in '/': chrome-extension://<id>/ or
   * moz-extension://<uuid>/. Firefox needs a gecko id in the manifest for this to be known.
   */
  extensionBaseUrl?: string;
  /** A page to use (Firefox and Chromium both start with one tab). */
  page(): Promise<Page>;
  /** Closes the browser and removes its temporary profile. Safe to call twice. */
  close(): Promise<void>;
}

/** The builds under test; GLENS_CHROMIUM_EXTENSION / GLENS_FIREFOX_EXTENSION point elsewhere. */
export const EXTENSION_BUILDS: Record<BrowserName, string> = {
  chromium: process.env.GLENS_CHROMIUM_EXTENSION || resolve(import.meta.dirname, '../../.output/chrome-mv3'),
  firefox: process.env.GLENS_FIREFOX_EXTENSION || resolve(import.meta.dirname, '../../.output/firefox-mv2'),
};

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** Flags this machine's Chromium needs: no sandbox as root, and no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/** Reads the gecko id an extension's manifest declares (MV2 `applications` or `browser_specific_settings`). */
export function geckoIdOf(extensionDir: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
      browser_specific_settings?: { gecko?: { id?: string } };
      applications?: { gecko?: { id?: string } };
    };
    return manifest.browser_specific_settings?.gecko?.id ?? manifest.applications?.gecko?.id;
  } catch {
    return undefined;
  }
}

/** Removes a temporary profile; the browser's last writes may still be landing, so retry, never throw. */
function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (err) {
    console.warn(`could not remove the temporary profile ${dir}: ${String(err)}`);
  }
}

function assertExtensionDir(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(join(abs, 'manifest.json'))) {
    throw new Error(`No manifest.json in ${abs}: build the extension first (npx wxt build / npx wxt build -b firefox)`);
  }
  return abs;
}

export async function launchBrowser(opts: LaunchOptions): Promise<LaunchedBrowser> {
  const headless = opts.headless ?? true;
  const viewport = opts.viewport === undefined ? DEFAULT_VIEWPORT : opts.viewport;
  const extensionDir = opts.extensionDir ? assertExtensionDir(opts.extensionDir) : undefined;
  const profileDir = mkdtempSync(join(tmpdir(), `glens-${opts.browser}-`));
  let browser: Browser | undefined;
  let extensionId: string | undefined;
  let extensionBaseUrl: string | undefined;

  try {
    if (opts.browser === 'chromium') {
      browser = await puppeteer.launch({
        browser: 'chrome',
        executablePath: CHROMIUM_PATH,
        headless,
        pipe: true, // Extensions.loadUnpacked is only offered over the pipe transport.
        enableExtensions: true,
        userDataDir: profileDir,
        defaultViewport: viewport,
        args: [
          ...CHROMIUM_ARGS,
          ...(viewport ? [`--window-size=${viewport.width},${viewport.height + 100}`] : []),
          ...(opts.args ?? []),
        ],
      });
      if (extensionDir) {
        extensionId = await browser.installExtension(extensionDir);
        extensionBaseUrl = `chrome-extension://${extensionId}/`;
      }
    } else {
      const geckoId = extensionDir ? geckoIdOf(extensionDir) : undefined;
      const uuid = randomUUID();
      browser = await puppeteer.launch({
        browser: 'firefox',
        protocol: 'webDriverBiDi',
        executablePath: FIREFOX_PATH,
        headless,
        userDataDir: profileDir,
        defaultViewport: viewport,
        args: [
          ...(opts.firefoxSystemAccess === false ? [] : ['--remote-allow-system-access']),
          ...(viewport && headless ? [`--width=${viewport.width}`, `--height=${viewport.height + 100}`] : []),
          ...(opts.args ?? []),
        ],
        extraPrefsFirefox: {
          // Pin the moz-extension:// UUID so tests can open the extension's own pages.
          ...(geckoId ? { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }) } : {}),
          // Keep a test run quiet and offline.
          'extensions.update.enabled': false,
          'extensions.getAddons.cache.enabled': false,
          'browser.shell.checkDefaultBrowser': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'toolkit.telemetry.reportingpolicy.firstRun': false,
          'browser.aboutwelcome.enabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          ...opts.firefoxPrefs,
        },
      });
      if (extensionDir) {
        extensionId = await browser.installExtension(extensionDir);
        if (geckoId && geckoId === extensionId) extensionBaseUrl = `moz-extension://${uuid}/`;
      }
    }
  } catch (err) {
    // e.g. a manifest the browser rejects: don't leave the browser running.
    await browser?.close().catch(() => undefined);
    removeProfile(profileDir);
    throw err;
  }

  const launched = browser;
  let closed = false;
  return {
    browser: launched,
    name: opts.browser,
    extensionId,
    extensionBaseUrl,
    async page() {
      const pages = await launched.pages();
      return pages[0] ?? (await launched.newPage());
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await launched.close();
      } finally {
        removeProfile(profileDir);
      }
    },
  };
}

/** The extension's base URL, or throws with the reason it is not known. */
export function extensionUrl(launched: LaunchedBrowser, path = ''): string {
  if (!launched.extensionBaseUrl) {
    throw new Error(
      launched.name === 'firefox'
        ? 'the extension base URL is unknown: its manifest has no browser_specific_settings.gecko.id'
        : 'no extension was installed',
    );
  }
  return launched.extensionBaseUrl + path.replace(/^\//, '');
}

/**
 * Opens one of the extension's own pages (e.g. 'options.html', 'popup.html') in `page`, or in a new
 * tab, and resolves once its document has loaded.
 *
 * Firefox quirk: BiDi emits no navigation events for moz-extension:// documents (they live in the
 * extension process), so page.goto() never resolves and page.url() keeps saying about:blank even
 * though the page is there and page.evaluate() reaches it. We start the navigation, ignore goto's
 * promise, and poll the document instead.
 */
export async function openExtensionPage(
  launched: LaunchedBrowser,
  path: string,
  page?: Page,
  timeout = 15_000,
): Promise<Page> {
  const target = extensionUrl(launched, path);
  const p = page ?? (await launched.browser.newPage());
  if (launched.name === 'chromium') {
    await p.goto(target, { waitUntil: 'load', timeout });
    return p;
  }
  void p.goto(target, { timeout }).catch(() => undefined);
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await p.evaluate(() => ({ href: location.href, ready: document.readyState })).catch(() => null);
    if (state && state.href.startsWith(target.split('#')[0]!.split('?')[0]!) && state.ready === 'complete') return p;
    if (Date.now() > deadline)
      throw new Error(`extension page ${target} did not load within ${timeout} ms (last: ${JSON.stringify(state)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
