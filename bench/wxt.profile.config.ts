/**
 * The extension built unminified into a temporary folder, for CPU profiles whose function names
 * can be read (`vite-node bench/run.ts --profile` builds with it). Everything else is the real config.
 */
import { defineConfig } from 'wxt';
import base from '../wxt.config';

export default defineConfig({
  ...base,
  outDir: process.env.GLENS_PROFILE_OUT ?? '/tmp/glossary-lens-profile-build',
  vite: async (env) => {
    const inherited = typeof base.vite === 'function' ? await base.vite(env) : {};
    return { ...inherited, build: { ...(inherited as { build?: object }).build, minify: false } };
  },
});
