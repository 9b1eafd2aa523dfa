/**
 * Where the content script's time goes in Firefox, which offers no CDP profiler: the Gecko profiler,
 * started with the browser by environment variables (MOZ_PROFILER_STARTUP), writes its profile when
 * the browser shuts down. This builds the extension unminified (bench/profile-build.ts), loads one
 * benchmark page a few times, each load in a tab of its own, and prints the samples under the
 * content script by function: self time, where a DOM call shows under its WebIDL name
 * ("get Element.childElementCount", "TreeWalker.nextNode"), and inclusive time.
 *
 *   vite-node bench/firefox-profile.ts [--page=long] [--loads=3] [--build=DIR] [--top=40]
 *
 * The profiler samples every half millisecond with native stacks, which slows the page several
 * times over: read the shares, not the milliseconds. GLENS_FIREFOX_PROFILE_DUMP=FILE keeps the raw
 * profile (it loads in https://profiler.firefox.com).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../tests/harness/browsers';
import { articlePage, PAGE_SPECS } from './pages';
import { buildForProfile } from './profile-build';
import { startBenchServer } from './server';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const pageKey = arg('page', 'long') as keyof typeof PAGE_SPECS;
const loads = Number(arg('loads', '3'));
const top = Number(arg('top', '40'));
if (!(pageKey in PAGE_SPECS)) throw new Error(`--page: one of ${Object.keys(PAGE_SPECS).join(', ')}`);

/** What this script reads of the Gecko profile format (version 30 and later, unprocessed). */
interface Table {
  schema: Record<string, number>;
  data: (number | null)[][];
}
interface GeckoThread {
  name: string;
  pid: string | number;
  stringTable: string[];
  frameTable: Table;
  stackTable: Table;
  samples: Table;
}
interface GeckoProfile {
  threads: GeckoThread[];
  processes?: GeckoProfile[];
}

const SCRIPT = 'content-scripts/content.js';

/** Self and inclusive milliseconds by frame, over the samples whose stack passes through SCRIPT. */
function attribute(profile: GeckoProfile) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const perLoad: number[] = [];
  const threads: GeckoThread[] = [];
  const collect = (p: GeckoProfile) => {
    threads.push(...p.threads);
    for (const child of p.processes ?? []) collect(child);
  };
  collect(profile);
  for (const t of threads) {
    if (t.name !== 'GeckoMain') continue;
    const { frameTable: frames, stackTable: stacks, samples, stringTable: strings } = t;
    const names = new Map<number, string[]>();
    /** A stack's frames, innermost first, without native addresses, the extension's URL cut. */
    const chain = (stack: number): string[] => {
      let out = names.get(stack);
      if (out) return out;
      out = [];
      for (let s: number | null = stack; s !== null; s = stacks.data[s]![stacks.schema.prefix!] as number | null) {
        const frame = stacks.data[s]![stacks.schema.frame!] as number;
        const name = strings[frames.data[frame]![frames.schema.location!] as number]!;
        // The trailing [n] numbers the script per process: one function, whichever load ran it.
        if (!/^0x[0-9a-f]+$/.test(name))
          out.push(name.replace(/moz-extension:\/\/[^/]+\//, '').replace(/\[\d+\]$/, ''));
      }
      names.set(stack, out);
      return out;
    };
    let total = 0;
    const rows = samples.data;
    for (let i = 0; i + 1 < rows.length; i++) {
      const stack = rows[i]![samples.schema.stack!] as number | null;
      if (stack === null) continue;
      const ms = (rows[i + 1]![samples.schema.time!] as number) - (rows[i]![samples.schema.time!] as number);
      // A gap in sampling (the thread asleep) is not time spent.
      if (ms > 5) continue;
      const frames = chain(stack);
      if (!frames.some((f) => f.includes(SCRIPT))) continue;
      total += ms;
      self.set(frames[0]!, (self.get(frames[0]!) ?? 0) + ms);
      for (const f of new Set(frames)) inclusive.set(f, (inclusive.get(f) ?? 0) + ms);
    }
    if (total > 1) perLoad.push(total);
  }
  return { self, inclusive, perLoad };
}

const print = (title: string, map: Map<string, number>, loadsSeen: number) => {
  console.log(`\n${title} (ms per load):`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(ms / loadsSeen).toFixed(1).padStart(9)}  ${name.replace(SCRIPT, 'content.js').slice(0, 120)}`);
  }
};

const reused = arg('build', '');
const build = reused || buildForProfile('firefox');
const dump = process.env.GLENS_FIREFOX_PROFILE_DUMP;
const dir = mkdtempSync(join(tmpdir(), 'glens-gecko-profile-'));
const file = dump || join(dir, 'profile.json');
Object.assign(process.env, {
  MOZ_PROFILER_STARTUP: '1',
  MOZ_PROFILER_STARTUP_FEATURES: 'js,stackwalk,cpu',
  MOZ_PROFILER_STARTUP_INTERVAL: '0.5',
  MOZ_PROFILER_STARTUP_ENTRIES: '20000000',
  MOZ_PROFILER_SHUTDOWN: file,
});
const server = await startBenchServer();
const browser = await launchBrowser({
  browser: 'firefox',
  extensionDir: build,
  firefoxPrefs: { 'privacy.reduceTimerPrecision': false },
});
try {
  const url = server.put(pageKey, articlePage(PAGE_SPECS[pageKey]).html);
  for (let i = 0; i < loads; i++) {
    const page = await browser.browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // The annotation's last pass: quiet for a second after the last `glossary:annotated`.
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          let timer = setTimeout(done, 1000);
          document.addEventListener('glossary:annotated', () => {
            clearTimeout(timer);
            timer = setTimeout(done, 1000);
          });
        }),
    );
    const shown = await page.evaluate(() => document.querySelectorAll('glens-term').length);
    console.log(`load ${i + 1}: ${shown} highlights`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
/** The profile once Firefox has finished writing it (a big one takes seconds after the browser exits). */
async function readProfile(): Promise<GeckoProfile> {
  let size = -1;
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 250));
    if (!existsSync(file)) continue;
    const now = statSync(file).size;
    if (now > 0 && now === size) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as GeckoProfile;
      } catch {
        // Still being written: wait for it to grow again.
      }
    }
    size = now;
  }
  throw new Error(`no complete profile at ${file} after 150 s`);
}
const { self, inclusive, perLoad } = attribute(await readProfile());
console.log(
  `\nFirefox, ${pageKey}: ${perLoad.length} loads, ${perLoad.map((ms) => ms.toFixed(0)).join(' / ')} ms of samples under the content script`,
);
print('self time', self, perLoad.length || 1);
print('inclusive time', inclusive, perLoad.length || 1);
if (dump) console.log(`\nraw profile: ${dump}`);
rmSync(dir, { recursive: true, force: true });
// The unminified build made for this run (its temporary folder, holding both targets' layout).
if (!reused) rmSync(join(build, '..'), { recursive: true, force: true });
