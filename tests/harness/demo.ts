/**
 * The run command: builds the Chrome extension, serves tests/fixtures on 127.0.0.1 and shows
 * Glossary Lens on the demo article.
 *
 *   npm start                 # build, then demo
 *   npm start -- --no-build   # use the existing .output/chrome-mv3
 *
 * With a display (DISPLAY or WAYLAND_DISPLAY set) it opens a real Chromium window on the demo article
 * and waits until you close the browser. Without one it runs headless: loads the demo, waits for the
 * annotation, hovers a term to open its popover, saves tests/artifacts/demo-popover.png, prints its
 * absolute path and exits 0.
 *
 * Run with vite-node (Node 20 cannot run TypeScript by itself): vite-node tests/harness/demo.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browsers';
import { productionBuildEnv } from './build-env';
import { hoverTerm, installRecorder, waitForAnnotated } from './page-helpers';
import { startFixtureServer } from './server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXTENSION_DIR = fileURLToPath(new URL('../../.output/chrome-mv3/', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../artifacts/demo-popover.png', import.meta.url));
const DEMO_TERM = 'collective-self-defense';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm start [-- --no-build]');
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--no-build');
if (unknown.length) {
  console.error(`demo: unknown argument(s): ${unknown.join(' ')} (usage: npm start [-- --no-build])`);
  process.exit(2);
}

function build(): void {
  console.log('demo: building the Chrome extension (wxt build)…');
  const wxt = fileURLToPath(new URL('../../node_modules/.bin/wxt', import.meta.url));
  const res = spawnSync(wxt, ['build'], { cwd: ROOT, stdio: 'inherit', env: productionBuildEnv() });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    console.error(`demo: wxt build failed (exit ${res.status})`);
    process.exit(res.status ?? 1);
  }
}

async function main(): Promise<void> {
  if (!args.includes('--no-build')) build();
  if (!existsSync(`${EXTENSION_DIR}manifest.json`)) {
    console.error(`demo: no build at ${EXTENSION_DIR}; run without --no-build`);
    process.exit(1);
  }

  const server = await startFixtureServer();
  const url = server.url('demo-article.html');
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

  if (hasDisplay) {
    console.log(`demo: opening Chromium with Glossary Lens on ${url}`);
    console.log('demo: hover an underlined term to see its explanation; close the browser window to stop.');
    const launched = await launchBrowser({
      browser: 'chromium',
      extensionDir: EXTENSION_DIR,
      headless: false,
      viewport: null,
      args: ['--window-size=1280,900'],
    });
    const closed = new Promise<void>((resolve) => launched.browser.once('disconnected', () => resolve()));
    const page = await launched.page();
    await installRecorder(page);
    await page.goto(url, { waitUntil: 'load' });
    await waitForAnnotated(page, { timeout: 20_000 }).then(
      (ev) =>
        console.log(
          `demo: annotated ${ev.occurrences} occurrence(s) of ${ev.terms} term(s) in ${Math.round(ev.ms)} ms`,
        ),
      () => console.warn('demo: warning: the page was not annotated within 20 s (is the content script running?)'),
    );
    await closed;
    await launched.close();
    await server.close();
    console.log('demo: browser closed, bye.');
    return;
  }

  console.log(
    'demo: no display (DISPLAY and WAYLAND_DISPLAY are unset), so running headless and saving a screenshot instead.',
  );
  const launched = await launchBrowser({
    browser: 'chromium',
    extensionDir: EXTENSION_DIR,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = await launched.page();
    await installRecorder(page);
    await page.goto(url, { waitUntil: 'load' });
    const ev = await waitForAnnotated(page, { timeout: 20_000 });
    console.log(`demo: annotated ${ev.occurrences} occurrence(s) of ${ev.terms} term(s) in ${Math.round(ev.ms)} ms`);
    const card = await hoverTerm(page, DEMO_TERM, { at: 0.2 });
    console.log(`demo: popover open for "${card?.term}" (${card?.section})`);
    await new Promise((r) => setTimeout(r, 300)); // let the opening transition finish
    mkdirSync(fileURLToPath(new URL('../artifacts/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`demo: screenshot saved to ${SCREENSHOT}`);
  } finally {
    await launched.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('demo: failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
