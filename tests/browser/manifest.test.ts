/**
 * The built manifests ask for what the extension uses and nothing more, and the builds load no
 * remote code. Reads the builds the browser tests run (GLENS_CHROMIUM_EXTENSION and
 * GLENS_FIREFOX_EXTENSION, default .output/): no browser is started.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXTENSION_BUILDS as BUILDS } from '../harness/browsers';

/**
 * Every permission, with why. Adding one means adding it here, deliberately.
 * - storage: settings (storage.sync) and the notice and error log (storage.local).
 * - contextMenus: "Look up … in Glossary Lens" on a selection.
 * - activeTab: the popup learns the current tab's address (to offer the PDF reader), only when clicked.
 * - declarativeNetRequestWithHostAccess: the off-by-default option to open PDFs in the reader.
 */
const PERMISSIONS = ['storage', 'contextMenus', 'activeTab', 'declarativeNetRequestWithHostAccess'];
/** Host access is only ever asked for at run time (the PDF reader), never at install. */
const OPTIONAL_HOSTS = ['http://*/*', 'https://*/*'];
/** The API each permission unlocks, as it appears in the built code (activeTab has none of its own). */
const API_OF: Record<string, string | null> = {
  storage: 'storage.',
  contextMenus: 'contextMenus.',
  activeTab: null,
  declarativeNetRequestWithHostAccess: '.declarativeNetRequest',
};

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: unknown;
  content_scripts?: { matches: string[]; js: string[]; all_frames?: boolean }[];
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe.each(Object.entries(BUILDS))('the %s build', (_name, dir) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const files = filesOf(dir);
  const code = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8'));

  it('asks for exactly the permissions it uses, and no host access at install', () => {
    const hostLike = (p: string) => p.includes('://') || p === '<all_urls>';
    const apiPermissions = (manifest.permissions ?? []).filter((p) => !hostLike(p));
    expect(apiPermissions.sort()).toEqual([...PERMISSIONS].sort());
    expect((manifest.permissions ?? []).filter(hostLike)).toEqual([]);
    expect(manifest.host_permissions ?? []).toEqual([]);
    const optional = [...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])];
    expect(optional.sort()).toEqual([...OPTIONAL_HOSTS].sort());
    for (const permission of PERMISSIONS) {
      const api = API_OF[permission];
      if (api)
        expect(
          code.some((js) => js.includes(api)),
          `${permission} is used (${api})`,
        ).toBe(true);
    }
  });

  it('sets a strict content security policy for its pages and runs its content script only on web pages', () => {
    // MV3 keeps it under extension_pages; MV2 (Firefox) has one string.
    const csp = manifest.content_security_policy;
    const policy = manifest.manifest_version === 3 ? (csp as { extension_pages?: unknown })?.extension_pages : csp;
    expect(typeof policy).toBe('string');
    const directives: Record<string, string[]> = {};
    for (const directive of String(policy).split(';')) {
      const [name, ...values] = directive.trim().split(/\s+/);
      if (name) directives[name] = values.sort();
    }
    // Scripts only from the package; WebAssembly (pdf.js's image decoders) but no eval of JavaScript.
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"].sort());
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(String(policy)).not.toMatch(/'unsafe-eval'|'unsafe-inline'|https?:|\*/);
    expect(manifest.content_scripts?.map((c) => c.matches)).toEqual([['http://*/*', 'https://*/*']]);
  });

  it('opens the popup from one script and one stylesheet, both in the package', () => {
    // entrypoints/popup-app.tsx: each more file cost the popup's first paint a round trip.
    const html = readFileSync(join(dir, 'popup.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*"([^"]+)"/gi)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link\b[^>]*\bhref\s*=\s*"([^"]+)"/gi)].map((m) => m[1]!);
    expect(scripts).toEqual(['/popup-app.js']);
    expect(styles).toEqual(['/assets/popup-app.css']);
    for (const ref of [...scripts, ...styles]) expect(files).toContain(join(dir, ref));
    // The whole popup is in its script: it imports nothing.
    expect(readFileSync(join(dir, 'popup-app.js'), 'utf8')).not.toMatch(/\bimport\s*[\s{("'*]/);
  });

  it('loads no remote code: every script and stylesheet of its pages is packaged', () => {
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const refs = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map(
        (m) => m[1]!,
      );
      for (const ref of refs) expect(ref, `${page}: ${ref}`).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    }
    // Nor does any script import a module from the network.
    for (const js of code) expect(js).not.toMatch(/\bimport\s*\(\s*["'`]https?:/);
  });

  it("is a production build: no development code (Preact's debug hooks) in any script", () => {
    // A build that inherits vite-node's NODE_ENV=development carries them (tests/harness/build-env.ts).
    expect(code.length).toBeGreaterThan(0);
    for (const js of code) expect(js.includes('__PREACT_DEVTOOLS__')).toBe(false);
  });

  it('keeps the content script, glossary included, within 60 KiB gzipped (issue #4)', () => {
    // Every web page pays for it; gzipped at level 9, as bench/run.ts reports it.
    const script = readFileSync(join(dir, 'content-scripts', 'content.js'));
    expect(gzipSync(script, { level: 9 }).length).toBeLessThanOrEqual(60 * 1024);
  });
});
