#!/usr/bin/env node
// First step of `npm start` and `npm test`: on a fresh machine, install what they need.
// Plain JavaScript with no dependencies, because it runs before `npm ci` has.
//   - node_modules: `npm ci` when it is missing or older than package-lock.json
//   - Chromium and Firefox ESR: Debian's packages via apt-get when missing and we are root
//     (tests never download a browser; CHROMIUM_PATH / FIREFOX_PATH point elsewhere)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const needFirefox = process.argv.includes('--firefox');

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    console.error(`setup: "${cmd} ${args.join(' ')}" failed`);
    process.exit(r.status ?? 1);
  }
}

const modules = `${root}node_modules/.package-lock.json`;
if (!existsSync(modules) || statSync(modules).mtimeMs < statSync(`${root}package-lock.json`).mtimeMs) {
  console.log('setup: installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const browsers = [
  { pkg: 'chromium', path: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
  ...(needFirefox ? [{ pkg: 'firefox-esr', path: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr' }] : []),
];
const missing = browsers.filter((b) => !existsSync(b.path));
if (missing.length) {
  const pkgs = missing.map((b) => b.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    hasApt = true;
  } catch {
    hasApt = false;
  }
  if (!isRoot || !hasApt) {
    console.error(
      `setup: missing ${pkgs.join(' and ')}. Install ${pkgs.join(' ')} (Debian: apt-get install -y ${pkgs.join(' ')}) ` +
        'or point CHROMIUM_PATH / FIREFOX_PATH at installed browsers.',
    );
    process.exit(1);
  }
  console.log(`setup: installing ${pkgs.join(' and ')} from Debian…`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...pkgs]);
}
