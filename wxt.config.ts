import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { checkGlossary, checkReportMeta, formatProblems } from './lib/glossary-check';
import { glossaryPartsPlugin } from './lib/glossary-parts';

/** Fails the build with every problem in the bundled glossary, each naming its entry. */
function assertGlossaryValid(): void {
  const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
  checkReportMeta(read('./data/report.json'));
  const { problems } = checkGlossary(read('./data/glossary.json'));
  if (problems.length) {
    throw new Error(`data/glossary.json has ${problems.length} problem(s):\n${formatProblems(problems)}`);
  }
}

/**
 * The data pdf.js loads at run time (character maps for CJK text, the standard fonts a PDF may use
 * without embedding them, the WebAssembly image decoders, a colour profile), copied from
 * pdfjs-dist into the extension: the reader never fetches any of it from the network.
 */
function pdfjsAssets(): { absoluteSrc: string; relativeDest: string }[] {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return ['cmaps', 'standard_fonts', 'wasm', 'iccs'].flatMap((dir) =>
    // Licence files included: they travel with what they license.
    readdirSync(join(root, dir)).map((name) => ({
      absoluteSrc: join(root, dir, name),
      relativeDest: `pdfjs/${dir}/${name}`,
    })),
  );
}

/**
 * WXT adds a module that starts its runtime plugins to every page; the popup's own script is an
 * unlisted script, which starts them itself (entrypoints/popup-app.tsx), so the popup does without
 * that one more file to fetch.
 */
function popupWithOneScript(): Plugin {
  return {
    name: 'glens:popup-with-one-script',
    transformIndexHtml: {
      order: 'post',
      // Vite names a page by its source: entrypoints/popup/index.html.
      handler: (html, ctx) =>
        ctx.path.endsWith('/popup/index.html')
          ? html.replace(/<script\b[^>]*wxt-html-plugins[^>]*><\/script>\s*/g, '')
          : html,
    },
  };
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Separate output folders let several builds (a benchmark, a test run) coexist.
  outDir: process.env.GLENS_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact(), glossaryPartsPlugin(), popupWithOneScript()],
    // Both browsers preload modules natively: the polyfill would be one more file for every page.
    build: { modulePreload: { polyfill: false } },
  }),
  hooks: {
    // A malformed glossary entry must fail the build, naming the entry.
    'build:before': () => {
      assertGlossaryValid();
    },
    'build:publicAssets': (_wxt, files) => {
      files.push(...pdfjsAssets());
    },
  },
  manifest: ({ browser }) => ({
    name: 'Glossary Lens',
    description: 'Explains the terms of art of the U.S.-Japan alliance on any page, the way a 2014 CSIS report does.',
    // activeTab: the popup learns the current tab's address (to offer the PDF reader) when the
    // toolbar button is clicked, and only then. declarativeNetRequestWithHostAccess: the option to
    // open PDFs in the reader (off by default) redirects PDF navigations; it acts only on sites the
    // extension has access to, which the option asks for when switched on. Neither shows a warning.
    permissions: ['storage', 'contextMenus', 'activeTab', 'declarativeNetRequestWithHostAccess'],
    // The PDF reader reads a document from its site only with the site's permission, which it
    // asks for when the person opens a PDF there, never at install.
    ...(browser === 'firefox'
      ? { optional_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    // A redirected navigation may only land on a page the web may load. Only the reader is listed;
    // it reads nothing from the address it is given but the PDF.
    web_accessible_resources: [{ resources: ['reader.html'], matches: ['http://*/*', 'https://*/*'] }],
    // A strict policy for the extension's own pages (WXT writes it as MV2's string for Firefox):
    // scripts only from the package, no plugins, no <base> pointing elsewhere, no form posting
    // anywhere. 'wasm-unsafe-eval' lets pdf.js compile its bundled WebAssembly decoders (JPEG 2000,
    // JBIG2, ICC colour: pdfjs/wasm/); it allows no eval of JavaScript (pdf.js runs with
    // isEvalSupported: false). Fetching is left open: the reader reads a PDF from its address.
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'",
    },
    commands: {
      'toggle-site': {
        suggested_key: { default: 'Alt+Shift+G' },
        description: 'Switch Glossary Lens on or off for this site',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'glossary-lens@glossary-lens.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
