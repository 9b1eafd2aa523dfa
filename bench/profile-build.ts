/**
 * The extension built unminified into a temporary folder, so that profiles name its functions
 * (`bench/wxt.profile.config.ts`: the project's config with minification off). Used by
 * `bench/run.ts --profile` (Chromium) and `bench/firefox-profile.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionBuildEnv } from '../tests/harness/build-env';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds for one browser; returns the folder holding its manifest. */
export function buildForProfile(browser: 'chromium' | 'firefox'): string {
  const out = mkdtempSync(join(tmpdir(), 'glens-profile-build-'));
  // WXT rewrites .wxt/tsconfig.json to exclude its outDir; put the project's own back afterwards.
  const tsconfig = join(ROOT, '.wxt/tsconfig.json');
  const saved = existsSync(tsconfig) ? readFileSync(tsconfig, 'utf8') : null;
  const target = browser === 'firefox' ? ['-b', 'firefox'] : [];
  try {
    const res = spawnSync(
      join(ROOT, 'node_modules/.bin/wxt'),
      ['build', ...target, '-c', 'bench/wxt.profile.config.ts'],
      { cwd: ROOT, env: { ...productionBuildEnv(), GLENS_PROFILE_OUT: out }, encoding: 'utf8' },
    );
    if (res.status !== 0) throw new Error(`profile build failed:\n${res.stdout}\n${res.stderr}`);
  } finally {
    if (saved !== null && readFileSync(tsconfig, 'utf8') !== saved) writeFileSync(tsconfig, saved);
  }
  return join(out, browser === 'firefox' ? 'firefox-mv2' : 'chrome-mv3');
}
