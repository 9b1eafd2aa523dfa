import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { glossaryPartsPlugin } from '../lib/glossary-parts';

export default defineConfig({
  // WxtVitest wires the same aliases, auto-imports and fake `browser` as the real build.
  // The user's Vite plugins are not among WxtVitest's: the glossary's parts are added here too.
  plugins: [WxtVitest(), glossaryPartsPlugin()],
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    restoreMocks: true,
  },
});
