import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { checkGlossary, checkReportMeta, formatProblems } from './lib/glossary-check';

/** Fails the build with every problem in the bundled glossary, each naming its entry. */
function assertGlossaryValid(): void {
  const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
  checkReportMeta(read('./data/report.json'));
  const { problems } = checkGlossary(read('./data/glossary.json'));
  if (problems.length) {
    throw new Error(`data/glossary.json has ${problems.length} problem(s):\n${formatProblems(problems)}`);
  }
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Separate output folders let several builds (a benchmark, a test run) coexist.
  outDir: process.env.GLENS_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    // A malformed glossary entry must fail the build, naming the entry.
    'build:before': () => {
      assertGlossaryValid();
    },
  },
  manifest: ({ browser }) => ({
    name: 'Glossary Lens',
    description: 'Explains the terms of art of the U.S.-Japan alliance on any page, the way a 2014 CSIS report does.',
    permissions: ['storage', 'contextMenus'],
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
