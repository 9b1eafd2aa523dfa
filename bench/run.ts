/**
 * Performance benchmark of the built extension (issue #4): how long annotation takes on generated
 * pages from a news article to a 7 MB archive, against references measured on the same page in the
 * same run, plus glossary-scale figures from Node and the content script's size.
 *
 *   vite-node bench/run.ts              # full run: Chromium and Firefox, every page (< 10 min)
 *   vite-node bench/run.ts --quick      # Chromium only, three small pages (~1 min), for CI
 *   vite-node bench/run.ts --profile    # also profiles and traces the huge and dense pages in Chromium
 *   vite-node bench/run.ts --profile-only --pages=huge,dense   # only those (writes no results file)
 *   vite-node bench/run.ts --node-only  # only the Node figures (matcher and search scale)
 *   vite-node bench/run.ts --pages=scale  # only those figures, in Node and in each browser's page
 *   vite-node bench/run.ts --compare=DIR [--reps=8]   # A/B: this build and DIR's, load for load
 *   options: --browsers=chromium,firefox  --pages=news,long,...
 *
 * Needs the builds (npm run build). Prints a table, writes bench/results.json, and exits 0 whatever
 * the targets say (they are information); it exits 1 only when the run itself crashed.
 * See bench/README.md for what each figure means.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'puppeteer-core';
import { POPUP_READY_MARK, POPUP_RENDERED_MARK } from '../lib/popup-model';
import {
  launchBrowser,
  openExtensionPage,
  type BrowserName,
  type LaunchOptions,
  type LaunchedBrowser,
} from '../tests/harness/browsers';
import { tabIdOfSite } from '../tests/harness/page-helpers';
import { build as esbuild } from 'esbuild';
import { runNodeBench, scaleInputs, type NodeBenchResult } from './node-bench';
import { printPdfBench, runPdfBench, type PdfBenchResult } from './pdf';
import { buildForProfile } from './profile-build';
import {
  ALL_FORMS,
  APPEND_SPEC,
  PAGE_SPECS,
  appendPage,
  articlePage,
  expectedOccurrences,
  type GeneratedPage,
} from './pages';
import { quantiles, type ScaleInputs, type ScaleResult } from './scale';
import { startBenchServer, type BenchServer } from './server';
import { GLOSSARY_CORE } from '../lib/glossary-core';
import { matcherSources, sieveSource } from '../lib/matcher';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULTS = join(ROOT, 'bench/results.json');
const GLOSSARY_FILE = join(ROOT, 'data/glossary.json');
const BUILDS: Record<BrowserName, string> = {
  chromium: process.env.GLENS_CHROMIUM_EXTENSION || join(ROOT, '.output/chrome-mv3'),
  firefox: process.env.GLENS_FIREFOX_EXTENSION || join(ROOT, '.output/firefox-mv2'),
};

// ---- Options ------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const listOption = (name: string) =>
  argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',')
    .filter(Boolean);
const QUICK = flag('quick');
const PROFILE_ONLY = flag('profile-only');
const PROFILE = flag('profile') || PROFILE_ONLY;
const NODE_ONLY = flag('node-only');
/** Another build to compare with, load for load (`--compare=DIR`, `--reps=N`): see compareBuilds. */
const COMPARE = listOption('compare')?.[0];
const COMPARE_REPS = Number(listOption('reps')?.[0]) || 8;
const known = new Set(['--quick', '--profile', '--profile-only', '--node-only']);
const unknownArgs = argv.filter((a) => !known.has(a) && !/^--(browsers|pages|compare|reps)=/.test(a));
if (unknownArgs.length) {
  console.error(`bench: unknown argument(s) ${unknownArgs.join(' ')}; see the top of bench/run.ts`);
  process.exit(2);
}

/**
 * Firefox rounds performance.now() to whole milliseconds unless told not to, which would make the
 * small floors meaningless. (Passed in a variable, not a literal: older harnesses lack `firefoxPrefs`.)
 */
const FINE_CLOCK_PREFS = { 'privacy.reduceTimerPrecision': false };

/** The naive baseline is skipped where it would take longer than this (estimated from a smaller page). */
const MARK_TIME_BOX_MS = QUICK ? 5_000 : 60_000;
/** With nothing to estimate from, the naive baseline runs only on pages up to this size. */
const MARK_UNESTIMATED_MAX_CHARS = 300_000;
/** No page is started that would likely end after this many seconds (the full run must stay under 10 minutes). */
const BUDGET_S = Number(process.env.GLENS_BENCH_BUDGET_S) || (QUICK ? 120 : 570);
/** A pass counts as the last one when no other follows for this long. */
const QUIET_MS = 1_000;
/** Longest we wait for one page's annotation to settle. */
const PAGE_TIMEOUT_MS = 240_000;

type PageKey = keyof typeof PAGE_SPECS | 'append' | 'atOnce';

interface PagePlan {
  key: PageKey;
  label: string;
  /** Fresh loads per measurement (the median is reported). */
  reps: number;
  make: () => GeneratedPage;
  appended?: boolean;
  /** Skip the mark.js references (the feed pages: they are compared with each other). */
  noMarkJs?: boolean;
}

const FULL_PLAN: PagePlan[] = [
  { key: 'news', label: 'news article', reps: 3, make: () => articlePage(PAGE_SPECS.news) },
  { key: 'long', label: 'long read', reps: 2, make: () => articlePage(PAGE_SPECS.long) },
  { key: 'none', label: 'no terms', reps: 2, make: () => articlePage(PAGE_SPECS.none) },
  // The feed three times each: its ratio moved from 1.14x to 2.71x between single loads.
  { key: 'append', label: 'appended feed', reps: 3, make: () => appendPage(APPEND_SPEC, false), appended: true },
  { key: 'atOnce', label: 'feed at once', reps: 3, make: () => appendPage(APPEND_SPEC, true), noMarkJs: true },
  { key: 'huge', label: 'huge archive', reps: 1, make: () => articlePage(PAGE_SPECS.huge) },
  { key: 'dense', label: 'dense stress', reps: 1, make: () => articlePage(PAGE_SPECS.dense) },
];
const QUICK_PLAN: PagePlan[] = [
  { key: 'news', label: 'news article', reps: 3, make: () => articlePage(PAGE_SPECS.news) },
  { key: 'none', label: 'no terms', reps: 2, make: () => articlePage(PAGE_SPECS.none) },
  { key: 'hugeQuick', label: 'huge (1.5 MB)', reps: 1, make: () => articlePage(PAGE_SPECS.hugeQuick) },
];

const onlyPages = listOption('pages');
const PLAN = (QUICK ? QUICK_PLAN : FULL_PLAN).filter((p) => !onlyPages || onlyPages.includes(p.key));
// Quick runs and profiles need only the Chromium build.
const BROWSERS = (listOption('browsers') ??
  (QUICK || PROFILE_ONLY ? ['chromium'] : ['chromium', 'firefox'])) as BrowserName[];

// ---- Small helpers --------------------------------------------------------------------------

const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => (xs.length ? quantiles(xs).median : NaN);
const t0Run = Date.now();
const elapsed = () => `${((Date.now() - t0Run) / 1000).toFixed(0)}s`;
const log = (msg: string) => console.log(`[bench ${elapsed()}] ${msg}`);

/** A copy of a build in a temporary folder, so that a rebuild during the run cannot break it. */
function snapshotBuild(dir: string): string {
  const content = join(dir, 'content-scripts/content.js');
  if (!existsSync(join(dir, 'manifest.json')) || !existsSync(content)) {
    throw new Error(`no usable build in ${dir}: run \`npm run build\` first`);
  }
  const copy = mkdtempSync(join(tmpdir(), 'glens-bench-build-'));
  cpSync(dir, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

// ---- In-page code (serialised into the page: self-contained, no imports) -------------------------

interface PassEvent {
  /** performance.now() when the event arrived. */
  t: number;
  ms: number;
  /** Of `ms`, the annotator's own work (the rest was the page's, between slices). */
  workMs?: number;
  /** Of the work: walking the text, matching it, writing highlights. */
  phases?: Phases;
  terms: number;
  occurrences: number;
  /** performance.now() when the content script started (the same for every event of a load). */
  scriptStartMs?: number;
  /** The context checks' reading and judging of the page's text so far (part of matching). */
  contextMs?: number;
}
interface Phases {
  walkMs: number;
  matchMs: number;
  writeMs: number;
  /** Of matchMs, the context checks reading and judging the page's text (the page, its sections). */
  contextMs: number;
}
interface Span {
  start: number;
  duration: number;
}
interface FrameSpan extends Span {
  blocking: number;
  /** Time in this frame's scripts that came from an extension (Chromium's LoAF attribution). */
  extensionScriptMs: number;
}
interface BenchRecord {
  events: PassEvent[];
  longTasks: Span[];
  frames: FrameSpan[];
  longTaskSupported: boolean;
  loafSupported: boolean;
}
type BenchWindow = Window & { __bench?: BenchRecord; __benchAppendDone?: number; __benchBatches?: number[] };

/** One frame at 60 Hz: the feed's batches should be annotated within one of their arrival. */
const FRAME_MS = 1000 / 60;

/** How soon the feed's batches were annotated: from each batch's arrival to the end of its pass. */
interface BatchLatency {
  batches: number;
  medianMs: number;
  maxMs: number;
  /** Batches whose pass ended within one frame (FRAME_MS) of their arrival. */
  withinFrame: number;
  /** Which batch was slowest, counted from 1 (the first meets the page's cold code). */
  slowest: number;
}

/**
 * Each batch is annotated by the first pass that starts after it arrives (a pass already running
 * has chosen what it reads); its latency runs to that pass's end.
 */
function batchLatency(batches: number[], events: PassEvent[]): BatchLatency | null {
  if (!batches.length) return null;
  const latencies = batches.map((at) => {
    const pass = events.find((e) => e.t - e.ms >= at);
    return pass ? pass.t - at : Infinity;
  });
  const { median: medianMs, max: maxMs } = quantiles(latencies);
  return {
    batches: batches.length,
    medianMs: r1(medianMs),
    maxMs: r1(maxMs),
    withinFrame: latencies.filter((ms) => ms <= FRAME_MS).length,
    // quantiles' max is one of the latencies itself.
    slowest: latencies.indexOf(maxMs) + 1,
  };
}

/**
 * Installed before any page script: timestamps every `glossary:annotated` event and records the
 * page's long tasks (and, in Chromium, long animation frames with their scripts' sources).
 */
function installBenchRecorder(): void {
  const w = window as BenchWindow;
  if (w.__bench) return;
  const types = typeof PerformanceObserver === 'undefined' ? [] : PerformanceObserver.supportedEntryTypes;
  const rec: BenchRecord = {
    events: [],
    longTasks: [],
    frames: [],
    longTaskSupported: types.includes('longtask'),
    loafSupported: types.includes('long-animation-frame'),
  };
  w.__bench = rec;
  document.addEventListener('glossary:annotated', (ev) => {
    const t = performance.now();
    try {
      const d = JSON.parse(String((ev as CustomEvent<unknown>).detail)) as Omit<PassEvent, 't'>;
      rec.events.push({
        t,
        ms: d.ms,
        workMs: d.workMs,
        phases: d.phases,
        terms: d.terms,
        occurrences: d.occurrences,
        scriptStartMs: d.scriptStartMs,
        contextMs: d.contextMs,
      });
      // For traces: where each pass ended, and (in the name) how long it took.
      performance.mark(`glens:annotated:${d.ms}`);
    } catch {
      rec.events.push({ t, ms: NaN, terms: NaN, occurrences: NaN });
    }
  });
  if (rec.longTaskSupported) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  }
  if (rec.loafSupported) {
    interface Loaf extends PerformanceEntry {
      blockingDuration: number;
      scripts: { sourceURL: string; duration: number }[];
    }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Loaf[]) {
        let ext = 0;
        for (const s of e.scripts) if (/^(chrome|moz)-extension:/.test(s.sourceURL)) ext += s.duration;
        rec.frames.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          extensionScriptMs: ext,
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
}

/** Resolves once the last pass is `quietMs` old (and, on the feed, the last batch is in). */
function waitForQuietInPage(args: { quietMs: number; timeoutMs: number; appended: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const w = window as BenchWindow;
    const start = performance.now();
    const check = () => {
      const events = w.__bench?.events ?? [];
      const now = performance.now();
      const last = events.length ? events[events.length - 1]!.t : null;
      const appendDone = w.__benchAppendDone;
      const fed = !args.appended || (appendDone !== undefined && now - appendDone >= args.quietMs);
      if (last !== null && fed && now - last >= args.quietMs) return resolve(true);
      if (now - start > args.timeoutMs) return resolve(false);
      setTimeout(check, 100);
    };
    check();
  });
}

/** The floor: a bare TreeWalker over the body's text nodes, reading each one's text; then again. */
function floorWalk(): { coldMs: number; warmMs: number; nodes: number; chars: number; startedAt: number } {
  const walk = () => {
    const t0 = performance.now();
    const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let nodes = 0;
    let chars = 0;
    for (let n = tw.nextNode(); n; n = tw.nextNode()) {
      nodes++;
      chars += (n as Text).data.length;
    }
    return { ms: performance.now() - t0, nodes, chars };
  };
  const startedAt = performance.now();
  const cold = walk();
  const warm = walk();
  return { coldMs: cold.ms, warmMs: warm.ms, nodes: cold.nodes, chars: cold.chars, startedAt };
}

interface MarkArgs {
  mode: 'exactly' | 'regexp';
  forms: string[];
  source: string;
}
interface MarkJs {
  mark(keywords: string[], options: object): void;
  markRegExp(re: RegExp, options: object): void;
}

/**
 * The naive baselines, over document.body: mark.js `mark(all forms, exactly)` (one pass per form)
 * or `markRegExp(one combined expression)`. `ms` is mark.js's own (synchronous) time; `msToFrame`
 * adds the style and layout of the next frame.
 */
function runMarkJs(args: MarkArgs): Promise<{ ms: number; msToFrame: number; marks: number }> {
  const Mark = (window as unknown as { Mark: new (ctx: Element) => MarkJs }).Mark;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (marks: number) => {
      const t1 = performance.now();
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        resolve({ ms: t1 - t0, msToFrame: performance.now() - t0, marks });
      };
      // After the next frame's rendering: a task queued from inside requestAnimationFrame.
      requestAnimationFrame(() => setTimeout(finish, 0));
      setTimeout(finish, 5_000);
    };
    const mark = new Mark(document.body);
    if (args.mode === 'exactly') {
      mark.mark(args.forms, { separateWordSearch: false, accuracy: 'exactly', done });
    } else {
      mark.markRegExp(new RegExp(args.source, 'gi'), { done });
    }
  });
}

/** One regular expression for every form: longest first, not inside a Latin word. */
function combinedRegExpSource(forms: string[]): string {
  const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const body = [...new Set(forms)].sort((a, b) => b.length - a.length).map(escape);
  return `(?<![A-Za-z0-9])(?:${body.join('|')})(?![A-Za-z0-9])`;
}

// ---- Measurements -------------------------------------------------------------------------------

interface ExtensionRun {
  passes: number;
  /** Sum of every pass's own `ms`: the annotator's wall time, yields to the page included. */
  passMs: number;
  /**
   * From the content script's start to its first pass's start: reading the settings, compiling
   * the matcher and the context model, setting up the lens.
   */
  setupMs: number;
  /** setupMs + passMs: the annotation timed from the content script's start (the issue's figure). */
  annotationMs: number;
  /** Sum of every pass's `workMs`: the annotator's own script time, yields left out. */
  workMs: number;
  /** That work by phase, summed over the passes. */
  phases: Phases;
  firstPassMs: number;
  /** From DOMContentLoaded's end to the first pass's start: injection, settings, matcher compile. */
  startupMs: number;
  /** From DOMContentLoaded's end to the last event. */
  wallFromDclMs: number;
  /** From the load event's end to the last event (can be < passMs when the script starts before load). */
  wallFromLoadMs: number;
  occurrences: number;
  terms: number;
  elements: number;
  /** Long tasks overlapping the annotation (first pass start to last event); null where unsupported. */
  longestTaskMs: number | null;
  tbtMs: number | null;
  longTasks: number | null;
  /** The page's own longest task before annotation began (parsing, first layout), for context. */
  pageLongestTaskBeforeMs: number | null;
  /** Chromium: time in extension scripts inside long animation frames during the annotation. */
  extensionScriptInLongFramesMs: number | null;
  settled: boolean;
  events: PassEvent[];
  /** The feed only: how soon each appended batch was annotated. */
  batches: BatchLatency | null;
}

async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
  return page;
}

/** Loads the page in the browser with the extension and reads what the annotator reported. */
async function measureExtension(ext: LaunchedBrowser, url: string, appended: boolean): Promise<ExtensionRun> {
  const page = await newPage(ext.browser);
  try {
    await page.evaluateOnNewDocument(installBenchRecorder);
    await page.goto(url, { waitUntil: 'load' });
    return await readExtensionRun(page, appended);
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function readExtensionRun(page: Page, appended: boolean): Promise<ExtensionRun> {
  let settled = false;
  const deadline = Date.now() + PAGE_TIMEOUT_MS;
  // In slices, so that no single protocol call comes near puppeteer's protocolTimeout (180 s).
  while (!settled && Date.now() < deadline) {
    settled = await page.evaluate(waitForQuietInPage, {
      quietMs: QUIET_MS,
      timeoutMs: Math.min(60_000, deadline - Date.now()),
      appended,
    });
  }
  const raw = await page.evaluate(() => {
    const w = window as BenchWindow;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      rec: w.__bench!,
      dcl: nav?.domContentLoadedEventEnd ?? NaN,
      load: nav?.loadEventEnd ?? NaN,
      elements: document.querySelectorAll('glens-term').length,
      batches: w.__benchBatches ?? [],
    };
  });
  const { rec } = raw;
  const events = rec.events;
  const last = events[events.length - 1];
  const first = events[0];
  const start = first ? first.t - first.ms : NaN;
  const end = last?.t ?? NaN;
  const during = rec.longTasks.filter((t) => t.start + t.duration > start && t.start < end);
  const before = rec.longTasks.filter((t) => t.start + t.duration <= start);
  const frames = rec.frames.filter((f) => f.start + f.duration > start && f.start < end);
  const passMs = events.reduce((n, e) => n + e.ms, 0);
  const setupMs = first?.scriptStartMs === undefined ? NaN : start - first.scriptStartMs;
  return {
    passes: events.length,
    passMs: r1(passMs),
    setupMs: r1(setupMs),
    annotationMs: r1(setupMs + passMs),
    workMs: r1(events.reduce((n, e) => n + (e.workMs ?? e.ms), 0)),
    phases: {
      walkMs: r1(events.reduce((n, e) => n + (e.phases?.walkMs ?? 0), 0)),
      matchMs: r1(events.reduce((n, e) => n + (e.phases?.matchMs ?? 0), 0)),
      writeMs: r1(events.reduce((n, e) => n + (e.phases?.writeMs ?? 0), 0)),
      // Counted from the lens's start, so the last event holds the whole load's.
      contextMs: r1(last?.contextMs ?? NaN),
    },
    firstPassMs: r1(first?.ms ?? NaN),
    startupMs: r1(start - raw.dcl),
    wallFromDclMs: r1(end - raw.dcl),
    wallFromLoadMs: r1(end - raw.load),
    occurrences: last?.occurrences ?? 0,
    terms: last?.terms ?? 0,
    elements: raw.elements,
    longestTaskMs: rec.longTaskSupported ? r1(Math.max(0, ...during.map((t) => t.duration))) : null,
    tbtMs: rec.longTaskSupported ? r1(during.reduce((n, t) => n + Math.max(0, t.duration - 50), 0)) : null,
    longTasks: rec.longTaskSupported ? during.length : null,
    pageLongestTaskBeforeMs: rec.longTaskSupported ? r1(Math.max(0, ...before.map((t) => t.duration))) : null,
    extensionScriptInLongFramesMs: rec.loafSupported ? r1(frames.reduce((n, f) => n + f.extensionScriptMs, 0)) : null,
    settled,
    events: events.map((e) => ({ ...e, t: r1(e.t) })),
    batches: appended ? batchLatency(raw.batches, events) : null,
  };
}

interface FloorRun {
  coldMs: number;
  warmMs: number;
  nodes: number;
  chars: number;
  /**
   * The page's own longest task after its load event with no extension (the floor walk aside):
   * what a long task during annotation may be instead of the extension's. Null without the API.
   */
  pageAloneLongestTaskMs: number | null;
  /**
   * The longest task after the smallest change a page can take, one character of one text node in
   * the middle of the body, with no extension: on a big page, laying the page out and pre-painting
   * it again after any change is itself a long task, which no annotator that writes can avoid.
   * Null without the API.
   */
  oneChangeLongestTaskMs: number | null;
}

/** See FloorRun.oneChangeLongestTaskMs; run once the page is quiet after the floor's walk. */
function oneChangeLongestTask(): Promise<number | null> {
  const rec = (window as BenchWindow).__bench;
  if (!rec?.longTaskSupported) return Promise.resolve(null);
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = tw.nextNode(); n; n = tw.nextNode()) if (/[a-z]/.test((n as Text).data)) nodes.push(n as Text);
  const node = nodes[nodes.length >> 1];
  if (!node) return Promise.resolve(0);
  return new Promise((resolve) => {
    // A second for the walk above (itself a long task on a big page) and what it set off to end.
    setTimeout(() => {
      const from = performance.now();
      node.data = node.data.replace(/[a-z]/, (c) => (c === 'x' ? 'y' : 'x'));
      // As a page's own update would be rendered: headless Chromium may otherwise render it in no
      // task the Long Tasks API sees.
      requestAnimationFrame(() => undefined);
      setTimeout(() => {
        const after = rec.longTasks.filter((t) => t.start >= from);
        resolve(Math.max(0, ...after.map((t) => t.duration)));
      }, 1_000);
    }, 1_000);
  });
}

/** Long tasks since the load event, once none has come for a second (at most `maxMs` after load). */
function pageLongTasksAfterLoad(args: { skip: Span; maxMs: number }): Promise<number | null> {
  const w = window as BenchWindow;
  const rec = w.__bench;
  if (!rec?.longTaskSupported) return Promise.resolve(null);
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const load = nav?.loadEventStart ?? 0;
  return new Promise((resolve) => {
    const check = () => {
      const now = performance.now();
      const lastEnd = Math.max(0, ...rec.longTasks.map((t) => t.start + t.duration));
      if (now - Math.max(lastEnd, load) >= 1_000 || now - load > args.maxMs) {
        const own = rec.longTasks.filter(
          (t) =>
            t.start >= load &&
            !(t.start <= args.skip.start && t.start + t.duration >= args.skip.start + args.skip.duration),
        );
        return resolve(Math.max(0, ...own.map((t) => t.duration)));
      }
      setTimeout(check, 100);
    };
    check();
  });
}

/** The floor, as the first thing run on a fresh load in the browser without the extension. */
async function measureFloor(plain: LaunchedBrowser, url: string): Promise<FloorRun> {
  const page = await newPage(plain.browser);
  try {
    // Only an event listener and performance observers: nothing that touches the text.
    await page.evaluateOnNewDocument(installBenchRecorder);
    await page.goto(url, { waitUntil: 'load' });
    const walk = await page.evaluate(floorWalk);
    const pageAloneLongestTaskMs = await page.evaluate(pageLongTasksAfterLoad, {
      skip: { start: walk.startedAt, duration: walk.coldMs + walk.warmMs },
      maxMs: 15_000,
    });
    const oneChangeLongestTaskMs = await page.evaluate(oneChangeLongestTask);
    return {
      coldMs: walk.coldMs,
      warmMs: walk.warmMs,
      nodes: walk.nodes,
      chars: walk.chars,
      pageAloneLongestTaskMs: pageAloneLongestTaskMs === null ? null : r1(pageAloneLongestTaskMs),
      oneChangeLongestTaskMs: oneChangeLongestTaskMs === null ? null : r1(oneChangeLongestTaskMs),
    };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * The read-and-test reference: the cheapest reading of a page any annotator with this glossary
 * makes, as the first thing on a fresh load without the extension: the body's whole text in one
 * `textContent` call (faster than the floor's walk, which makes a wrapper per node), and the
 * glossary's sieve (its cheapest test, `mayContain`'s: each form's first atoms, case ignored,
 * compiled here as on any page) over all of it. It finds no node, checks no hit, judges no context
 * and writes nothing, so an annotation costs more: where this is near a target, the target is near
 * what any annotator can reach.
 */
function readAndTest(sieve: string[]): { ms: number; textMs: number; hits: number } {
  const t0 = performance.now();
  const text = document.body.textContent ?? '';
  const t1 = performance.now();
  let hits = 0;
  for (const source of sieve) {
    const re = new RegExp(source, 'gi');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      hits++;
      re.lastIndex = m.index + Math.max(1, m[0].length);
    }
  }
  return { ms: performance.now() - t0, textMs: t1 - t0, hits };
}

/** The glossary's sieve, as the content script compiles it (lib/matcher.ts). */
const SIEVE: string[] = (matcherSources(GLOSSARY_CORE).sieve ?? []).map(sieveSource);

interface BoundRun {
  ms: number;
  /** Of it, the `textContent` call. */
  textMs: number;
  /** Where the sieve hit (a form may begin there). */
  hits: number;
}

/** See readAndTest: a fresh load without the extension, as the floor's. */
async function measureBound(plain: LaunchedBrowser, url: string): Promise<BoundRun> {
  const page = await newPage(plain.browser);
  try {
    await page.goto(url, { waitUntil: 'load' });
    const r = await page.evaluate(readAndTest, SIEVE);
    return { ms: r2(r.ms), textMs: r2(r.textMs), hits: r.hits };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * bench/scale-page.ts and what it imports (the extension's matcher and search), bundled for a
 * page: the code the content script and the popup run, on each browser's own engine.
 */
async function bundleScalePage(): Promise<string> {
  const out = await esbuild({
    entryPoints: [join(ROOT, 'bench/scale-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/**
 * The glossary-scale figures (bench/scale.ts) in a fresh browser without the extension, in a blank
 * page of the bench's origin: the same inputs and the same code as Node's figures.
 */
async function measureScale(
  name: BrowserName,
  server: BenchServer,
  bundle: string,
  inputs: ScaleInputs,
): Promise<ScaleResult> {
  const options: LaunchOptions & { firefoxPrefs?: Record<string, boolean> } = {
    browser: name,
    firefoxPrefs: FINE_CLOCK_PREFS,
  };
  const plain = await launchBrowser(options);
  try {
    const page = await newPage(plain.browser);
    await page.goto(server.blankUrl, { waitUntil: 'load' });
    await page.addScriptTag({ content: bundle });
    return await page.evaluate((i, quick) => window.glensScale!(i, quick), inputs, QUICK);
  } finally {
    await plain.close();
  }
}

type MarkRun = { ms: number; msToFrame: number; marks: number } | { skipped: string };

async function measureMark(plain: LaunchedBrowser, server: BenchServer, url: string, args: MarkArgs): Promise<MarkRun> {
  const page = await newPage(plain.browser);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ url: server.markJsUrl });
    const r = await page.evaluate(runMarkJs, args);
    return { ms: r1(r.ms), msToFrame: r1(r.msToFrame), marks: r.marks };
  } catch (error) {
    // A reference that fails must not take the extension's figures for the page with it.
    return { skipped: `failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await page.close().catch(() => undefined);
  }
}

// ---- CPU profile (Chromium) -----------------------------------------------------------------------

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}
interface ProfileSummary {
  /** From the first to the last sample with the content script on the stack: the annotation. */
  windowMs: number;
  /** Within that window, by what the sampled stack was doing (ms). */
  window: {
    /** Content-script frames anywhere on the stack: its CPU cost, DOM and regexp calls included. */
    contentScript: number;
    /** Native work outside any script: parsing, style, layout, paint (V8's "(program)"). */
    program: number;
    gc: number;
    idle: number;
    other: number;
  };
  /** Self time in the window, heaviest first (content-script functions, and natives they call). */
  top: { fn: string; where: string; selfMs: number; pct: number }[];
}

/** Where the annotation's time goes, from a V8 CPU profile of the page's renderer. */
function summariseProfile(profile: CpuProfile, n = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const underExtension = new Map<number, boolean>();
  const isUnderExtension = (id: number): boolean => {
    const known = underExtension.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const v = /^chrome-extension:/.test(byId.get(id)!.callFrame.url) || (p !== undefined && isUnderExtension(p));
    underExtension.set(id, v);
    return v;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (!isUnderExtension(samples[i]!)) continue;
    if (first < 0) first = i;
    last = i;
  }
  const window = { contentScript: 0, program: 0, gc: 0, idle: 0, other: 0 };
  const byFn = new Map<string, { fn: string; where: string; us: number }>();
  let windowUs = 0;
  for (let i = Math.max(0, first); i <= last; i++) {
    // Chrome's own convention: sample i lasts until the next sample's timestamp.
    const us = deltas[i + 1] ?? 0;
    windowUs += us;
    const id = samples[i]!;
    const { callFrame: cf } = byId.get(id)!;
    const fn = cf.functionName || '(anonymous)';
    if (isUnderExtension(id)) window.contentScript += us;
    else if (fn === '(program)') window.program += us;
    else if (fn === '(garbage collector)') window.gc += us;
    else if (fn === '(idle)') window.idle += us;
    else window.other += us;
    if (fn === '(idle)') continue;
    const where = cf.url ? `${cf.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}:${cf.lineNumber + 1}` : '';
    const key = `${fn}@${where}`;
    const row = byFn.get(key) ?? { fn: fn.length > 80 ? `${fn.slice(0, 77)}...` : fn, where, us: 0 };
    row.us += us;
    byFn.set(key, row);
  }
  const busy = windowUs - window.idle;
  return {
    windowMs: r1(windowUs / 1000),
    window: {
      contentScript: r1(window.contentScript / 1000),
      program: r1(window.program / 1000),
      gc: r1(window.gc / 1000),
      idle: r1(window.idle / 1000),
      other: r1(window.other / 1000),
    },
    top: [...byFn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, n)
      .map((r) => ({ fn: r.fn, where: r.where, selfMs: r1(r.us / 1000), pct: r1((100 * r.us) / busy) })),
  };
}

async function profileExtension(
  ext: LaunchedBrowser,
  server: BenchServer,
  url: string,
  appended = false,
): Promise<ProfileSummary & { passMs: number }> {
  const page = await newPage(ext.browser);
  try {
    await page.evaluateOnNewDocument(installBenchRecorder);
    // Same origin first, so that the profiled renderer is the one the page will load in.
    await page.goto(server.blankUrl, { waitUntil: 'load' });
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load' });
    const run = await readExtensionRun(page, appended);
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.GLENS_PROFILE_DUMP) writeFileSync(process.env.GLENS_PROFILE_DUMP, JSON.stringify(profile));
    return { ...summariseProfile(profile), passMs: run.passMs };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Main-thread time by trace event, self time (children subtracted), within the annotation. */
interface TraceSummary {
  windowMs: number;
  /** Heaviest first, in ms; RunTask's self time is scheduling and work no category names. */
  selfByEvent: { name: string; selfMs: number; pct: number }[];
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

function summariseTrace(events: TraceEvent[], n = 15): TraceSummary | null {
  const marks = events.filter((e) => e.name.startsWith('glens:annotated:'));
  if (!marks.length) return null;
  const { pid, tid } = marks[0]!;
  const lastMark = marks.reduce((a, b) => (b.ts > a.ts ? b : a));
  const firstMark = marks.reduce((a, b) => (b.ts < a.ts ? b : a));
  const start = firstMark.ts - Number(firstMark.name.split(':')[2]) * 1000;
  const end = lastMark.ts;
  // Complete events of the page's main thread; B/E pairs joined into complete ones.
  const open = new Map<string, TraceEvent[]>();
  const spans: { name: string; ts: number; end: number }[] = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: e.name, ts: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.set(e.name, [...(open.get(e.name) ?? []), e]);
    else if (e.ph === 'E') {
      const b = open.get(e.name)?.pop();
      if (b) spans.push({ name: e.name, ts: b.ts, end: e.ts });
    }
  }
  spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const self = new Map<string, number>();
  const clip = (a: number, b: number) => Math.max(0, Math.min(b, end) - Math.max(a, start));
  const stack: { name: string; end: number; childStart: number }[] = [];
  // Walks the nesting: an event's self time is its span minus the spans of the events inside it.
  const credit = (name: string, from: number, to: number) => self.set(name, (self.get(name) ?? 0) + clip(from, to));
  for (const sp of spans) {
    while (stack.length && stack[stack.length - 1]!.end <= sp.ts) {
      const top = stack.pop()!;
      credit(top.name, top.childStart, top.end);
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      credit(parent.name, parent.childStart, sp.ts);
      parent.childStart = Math.min(parent.end, sp.end);
    }
    stack.push({ name: sp.name, end: Math.min(sp.end, parent?.end ?? Infinity), childStart: sp.ts });
  }
  while (stack.length) {
    const top = stack.pop()!;
    credit(top.name, top.childStart, top.end);
    const parent = stack[stack.length - 1];
    if (parent) parent.childStart = Math.max(parent.childStart, top.end);
  }
  const windowUs = end - start;
  return {
    windowMs: r1(windowUs / 1000),
    selfByEvent: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, selfMs: r1(us / 1000), pct: r1((100 * us) / windowUs) })),
  };
}

/** A Chromium performance trace of the annotation: where main-thread time goes, by trace event. */
async function traceExtension(
  ext: LaunchedBrowser,
  server: BenchServer,
  url: string,
  appended = false,
): Promise<TraceSummary | null> {
  const page = await newPage(ext.browser);
  try {
    await page.evaluateOnNewDocument(installBenchRecorder);
    await page.goto(server.blankUrl, { waitUntil: 'load' });
    await page.tracing.start({
      categories: ['toplevel', 'devtools.timeline', 'blink.user_timing'],
    });
    await page.goto(url, { waitUntil: 'load' });
    await readExtensionRun(page, appended);
    const buffer = await page.tracing.stop();
    if (!buffer) return null;
    if (process.env.GLENS_TRACE_DUMP) writeFileSync(process.env.GLENS_TRACE_DUMP, Buffer.from(buffer));
    const parsed = JSON.parse(Buffer.from(buffer).toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
    return summariseTrace(Array.isArray(parsed) ? parsed : parsed.traceEvents);
  } finally {
    await page.close().catch(() => undefined);
  }
}

// ---- The run ------------------------------------------------------------------------------------

interface PageResult {
  label: string;
  htmlBytes: number;
  textChars: number;
  inserted: number;
  /** What the real matcher finds in the page's blocks (Node): what the extension should show. */
  expected: number;
}

interface BrowserPageResult {
  extension: ExtensionRun & { reps: ExtensionRun[] };
  floor: FloorRun & { reps: FloorRun[] };
  /** The read-and-test reference (readAndTest), medians of fresh loads; not on the feed. */
  bound?: BoundRun & { reps: BoundRun[] };
  markExactly?: MarkRun;
  markRegExp?: MarkRun;
  /** Each figure divided by the cold floor. */
  ratios: {
    /** The annotation from the content script's start (setup + Σpass): the targets' figure. */
    extension: number;
    /** Σpass alone, the passes without the setup before them. */
    pass: number;
    /** Fastest annotation over fastest cold floor: on a loaded machine, closer to the intrinsic cost. */
    extensionBest: number;
    /** Σwork over the cold floor: the annotator's own time, less disturbed by a busy machine. */
    work: number;
    wallFromDcl: number;
    bound: number | null;
    markExactly: number | null;
    markRegExp: number | null;
  };
}

interface Target {
  browser: BrowserName;
  name: string;
  value: number | null;
  limit: number;
  unit: string;
  pass: boolean | null;
  note?: string;
}

interface Results {
  mode: 'full' | 'quick';
  startedAt: string;
  durationS: number;
  machine: { cpus: number; memGB: number; node: string; browsers: Partial<Record<BrowserName, string>> };
  bundle: { contentScript: string; rawBytes: number; gzipBytes: number };
  pages: Partial<Record<PageKey, PageResult>>;
  browsers: Partial<Record<BrowserName, Partial<Record<PageKey, BrowserPageResult>>>>;
  appended: Partial<
    Record<
      BrowserName,
      { appendedMs: number; atOnceMs: number; ratio: number; passes: number; batches: BatchLatency | null }
    >
  >;
  targets: Target[];
  node?: NodeBenchResult;
  /** The same glossary-scale figures in a page of each browser, without the extension. */
  browserScale?: Partial<Record<BrowserName, ScaleResult>>;
  /** The PDF reader (bench/pdf.ts); `--pages=pdf` runs it alone. */
  pdf?: PdfBenchResult;
  /** The toolbar popup opened beside the news article, per browser. */
  popup?: Partial<Record<BrowserName, PopupResult>>;
  profile?: Partial<Record<PageKey, ProfileSummary & { passMs: number; trace: TraceSummary | null }>>;
  errors: string[];
}

function bundleSize(dir: string): Results['bundle'] {
  const file = join(dir, 'content-scripts/content.js');
  const bytes = readFileSync(file);
  return {
    contentScript: '.output/chrome-mv3/content-scripts/content.js',
    rawBytes: statSync(file).size,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
  };
}

interface BrowserSession {
  name: BrowserName;
  version: string;
  /** Without the extension: floors, mark.js, the page alone. */
  plain: LaunchedBrowser;
  ext: LaunchedBrowser;
  buildDir: string;
  out: Partial<Record<PageKey, BrowserPageResult>>;
  /** mark.js exactly's cost per character on the largest page measured so far, for the time box. */
  markRate: { perChar: number; chars: number; from: string } | null;
}

/** The popup's first render, from its page's navigation start (medians over `reps` opens). */
interface PopupResult {
  reps: number;
  /** The first render in the DOM (a mark right after Preact's synchronous render). */
  renderedMs: number;
  /** The browser's first contentful paint of the popup. */
  paintMs: number | null;
  /** The site switch and the page's terms shown (both asked of the extension first). */
  readyMs: number;
}

const POPUP_REPS = QUICK ? 3 : 7;

/**
 * Opens the popup as a page (`popup.html?tab=<id>`, as the browser tests do: a toolbar click
 * cannot be scripted) for the tab showing `articleUrl`, `POPUP_REPS` times, and reads its marks
 * (components/PopupApp.tsx). The browser's own work to open a popup window comes on top.
 */
async function measurePopup(session: BrowserSession, articleUrl: string): Promise<PopupResult> {
  const { ext } = session;
  const article = await ext.browser.newPage();
  const pages: Page[] = [article];
  try {
    await article.goto(articleUrl, { waitUntil: 'load' });
    await sleep(1_000);
    const probe = await openExtensionPage(ext, 'popup.html');
    pages.push(probe);
    const tabId = await tabIdOfSite(probe, '127.0.0.1');
    const runs: { renderedMs: number; paintMs: number | null; readyMs: number }[] = [];
    for (let i = 0; i < POPUP_REPS; i++) {
      const popup = await openExtensionPage(ext, `popup.html?tab=${tabId}`);
      pages.push(popup);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const marks = await popup.evaluate(
          (rendered, ready) => {
            const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? null;
            const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
            return { renderedMs: at(rendered), paintMs: paint, readyMs: at(ready) };
          },
          POPUP_RENDERED_MARK,
          POPUP_READY_MARK,
        );
        if (marks.renderedMs !== null && marks.readyMs !== null) {
          runs.push({ renderedMs: marks.renderedMs, paintMs: marks.paintMs, readyMs: marks.readyMs });
          break;
        }
        if (Date.now() > deadline) throw new Error(`popup: no ${POPUP_READY_MARK} mark within 10 s`);
        await sleep(50);
      }
      await popup.close();
      pages.pop();
    }
    const med = (xs: number[]) => r2(quantiles(xs).median);
    const paints = runs.map((r) => r.paintMs).filter((x): x is number => x !== null);
    return {
      reps: runs.length,
      renderedMs: med(runs.map((r) => r.renderedMs)),
      paintMs: paints.length ? med(paints) : null,
      readyMs: med(runs.map((r) => r.readyMs)),
    };
  } finally {
    for (const page of pages) await page.close().catch(() => undefined);
  }
}

/** Launches a browser with the extension and one without, and warms both up. */
async function openSession(
  name: BrowserName,
  buildDir: string,
  warmUrl: string,
  errors: string[],
): Promise<BrowserSession> {
  const firefoxPrefs = FINE_CLOCK_PREFS;
  const plainOptions: LaunchOptions & { firefoxPrefs?: Record<string, boolean> } = { browser: name, firefoxPrefs };
  const extOptions: LaunchOptions & { firefoxPrefs?: Record<string, boolean> } = {
    browser: name,
    extensionDir: buildDir,
    firefoxPrefs,
  };
  const plain = await launchBrowser(plainOptions);
  let ext: LaunchedBrowser;
  try {
    ext = await launchBrowser(extOptions);
  } catch (error) {
    await plain.close();
    throw error;
  }
  const session: BrowserSession = {
    name,
    version: await plain.browser.version(),
    plain,
    ext,
    buildDir,
    out: {},
    markRate: null,
  };
  // Warm both browsers up (processes, code caches) on a page we do not report.
  await measureExtension(ext, warmUrl, false).catch((e: unknown) => errors.push(`${name} warm-up: ${String(e)}`));
  await measureFloor(plain, warmUrl).catch(() => undefined);
  return session;
}

/** Every figure for one page in one browser. */
async function measurePage(
  session: BrowserSession,
  plan: PagePlan,
  page: PageResult,
  server: BenchServer,
  urls: Map<PageKey, string>,
  errors: string[],
): Promise<void> {
  const { name, plain, ext, buildDir } = session;
  const url = urls.get(plan.key)!;
  const regexpSource = combinedRegExpSource(ALL_FORMS);
  try {
    const extRuns: ExtensionRun[] = [];
    const floors: FloorRun[] = [];
    const bounds: BoundRun[] = [];
    // Alternate them, so that drift in the machine's load touches all alike.
    for (let i = 0; i < plan.reps; i++) {
      if (!plan.appended) floors.push(await measureFloor(plain, url));
      extRuns.push(await measureExtension(ext, url, plan.appended ?? false));
      if (!plan.appended) bounds.push(await measureBound(plain, url));
    }
    const bound = bounds.length
      ? {
          ...pickMedian(bounds, (b) => b.ms),
          ms: r2(median(bounds.map((b) => b.ms))),
          textMs: r2(median(bounds.map((b) => b.textMs))),
          reps: bounds,
        }
      : undefined;
    // The feed's floor is that of its at-once twin (at load it holds only the first paragraphs).
    if (plan.appended) floors.push(await measureFloor(plain, urls.get('atOnce') ?? url));
    const extMedian = pickMedian(extRuns, (r) => r.annotationMs);
    const floorMedian = pickMedian(floors, (r) => r.coldMs);
    const floor = {
      ...floorMedian,
      coldMs: r2(median(floors.map((f) => f.coldMs))),
      warmMs: r2(median(floors.map((f) => f.warmMs))),
      pageAloneLongestTaskMs:
        floors[0]!.pageAloneLongestTaskMs === null
          ? null
          : Math.max(...floors.map((f) => f.pageAloneLongestTaskMs ?? 0)),
      oneChangeLongestTaskMs:
        floors[0]!.oneChangeLongestTaskMs === null
          ? null
          : r1(median(floors.map((f) => f.oneChangeLongestTaskMs ?? 0))),
    };

    let markExactly: MarkRun | undefined;
    let markRegExp: MarkRun | undefined;
    if (!plan.appended && !plan.noMarkJs) {
      // mark.js grows a little faster than the text: estimate with a margin.
      const { markRate } = session;
      const estimate = markRate ? 1.3 * markRate.perChar * page.textChars : null;
      if (estimate === null && page.textChars > MARK_UNESTIMATED_MAX_CHARS) {
        markExactly = { skipped: 'no smaller page measured first to estimate its time from' };
      } else if (estimate !== null && estimate > MARK_TIME_BOX_MS) {
        markExactly = {
          skipped: `estimated ${(estimate / 1000).toFixed(0)} s from the ${markRate!.from} (over the ${MARK_TIME_BOX_MS / 1000} s time box)`,
        };
      } else {
        markExactly = await measureMark(plain, server, url, { mode: 'exactly', forms: ALL_FORMS, source: '' });
        if ('ms' in markExactly && (!markRate || page.textChars >= markRate.chars)) {
          session.markRate = { perChar: markExactly.ms / page.textChars, chars: page.textChars, from: plan.label };
        }
      }
      markRegExp = await measureMark(plain, server, url, { mode: 'regexp', forms: [], source: regexpSource });
    }
    const ratio = (ms: number | undefined) => (ms === undefined || !floor.coldMs ? null : r1(ms / floor.coldMs));
    session.out[plan.key] = {
      extension: { ...extMedian, reps: extRuns.map((r) => ({ ...r, events: r.events.slice(0, 3) })) },
      floor: { ...floor, reps: floors },
      ...(bound ? { bound } : {}),
      ...(markExactly ? { markExactly } : {}),
      ...(markRegExp ? { markRegExp } : {}),
      ratios: {
        extension: ratio(extMedian.annotationMs) ?? NaN,
        pass: ratio(extMedian.passMs) ?? NaN,
        work: ratio(extMedian.workMs) ?? NaN,
        extensionBest: r1(Math.min(...extRuns.map((r) => r.annotationMs)) / Math.min(...floors.map((f) => f.coldMs))),
        wallFromDcl: ratio(extMedian.wallFromDclMs) ?? NaN,
        bound: bound ? ratio(bound.ms) : null,
        markExactly: markExactly && 'ms' in markExactly ? ratio(markExactly.ms) : null,
        markRegExp: markRegExp && 'ms' in markRegExp ? ratio(markRegExp.ms) : null,
      },
    };
    if (!extMedian.settled) errors.push(`${name} ${plan.key}: annotation had not settled after ${PAGE_TIMEOUT_MS} ms`);
    if (extMedian.occurrences > page.expected || (page.expected > 0 && extMedian.occurrences === 0)) {
      const stale = statSync(join(buildDir, 'content-scripts/content.js')).mtimeMs < statSync(GLOSSARY_FILE).mtimeMs;
      errors.push(
        `${name} ${plan.key}: the extension reported ${extMedian.occurrences} occurrences, the matcher finds ${page.expected}` +
          (stale ? ' (the build is older than data/glossary.json: rebuild)' : ''),
      );
    }
  } catch (error) {
    errors.push(`${name} ${plan.key}: ${error instanceof Error ? error.message : String(error)}`);
    log(`${name}: ${plan.label} failed: ${String(error)}`);
  }
}

/**
 * A rough cost of measuring a page, in seconds, from earlier runs on this machine: loads scale with
 * the text, wrapping with the occurrences (Chromium's far more than Firefox's), plus the references.
 */
function estimatedCostS(name: BrowserName, plan: PagePlan, page: PageResult): number {
  const load = 2 + (4 * page.textChars) / 1e6;
  const wrap = ((name === 'chromium' ? 2 : 1) * page.inserted) / 1e3;
  const references = plan.noMarkJs || plan.appended ? 0 : 3 + load;
  // A feed's load lasts its 100 batches, 8 s; the other pages are loaded a third time (readAndTest).
  return 5 + plan.reps * (load + wrap + (plan.appended ? 10 : load)) + references;
}

/** The run whose `key` is the median (the run itself, so that its other figures belong together). */
function pickMedian<T>(runs: T[], key: (r: T) => number): T {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function targetsFor(
  name: BrowserName,
  res: Partial<Record<PageKey, BrowserPageResult>>,
  appended: Results['appended'],
): Target[] {
  const out: Target[] = [];
  const floorTarget = (key: PageKey, label: string, limit: number) => {
    const r = res[key];
    if (!r) return;
    const v = r.ratios.extension;
    out.push({
      browser: name,
      name: `${label}: annotation ≤ ${limit}× floor`,
      value: v,
      limit,
      unit: '×',
      pass: v <= limit,
      ...(r.ratios.bound === null ? {} : { note: `reading the text and testing it alone: ${r.ratios.bound}×` }),
    });
  };
  floorTarget('long', 'long read', 3);
  floorTarget('huge', 'huge archive', 3);
  floorTarget('hugeQuick', 'huge (quick, 1.5 MB)', 3);
  floorTarget('none', 'no terms', 1.5);
  const dense = res.dense;
  if (dense) {
    const ref = dense.markRegExp && 'ms' in dense.markRegExp ? dense.markRegExp.ms : null;
    out.push({
      browser: name,
      name: 'dense: annotation ≤ mark.js markRegExp',
      value: ref ? r2(dense.extension.annotationMs / ref) : null,
      limit: 1,
      unit: '× markRegExp',
      pass: ref ? dense.extension.annotationMs <= ref : null,
    });
  }
  const withTasks = Object.entries(res).filter(([, r]) => r.extension.longestTaskMs !== null);
  if (withTasks.length) {
    const worst = withTasks.sort((a, b) => b[1].extension.longestTaskMs! - a[1].extension.longestTaskMs!)[0]!;
    out.push({
      browser: name,
      name: 'no long task > 50 ms on any page',
      value: worst[1].extension.longestTaskMs,
      limit: 50,
      unit: 'ms',
      pass: worst[1].extension.longestTaskMs! <= 50,
      note:
        `worst on ${worst[0]}` +
        (worst[1].floor.oneChangeLongestTaskMs === null
          ? ''
          : `; one text change there, no extension: ${worst[1].floor.oneChangeLongestTaskMs} ms`),
    });
  } else {
    out.push({
      browser: name,
      name: 'no long task > 50 ms on any page',
      value: null,
      limit: 50,
      unit: 'ms',
      pass: null,
      note: 'no Long Tasks API in this browser',
    });
  }
  const a = appended[name];
  if (a)
    out.push({
      browser: name,
      name: 'appended ≤ 1.5× at once',
      value: a.ratio,
      limit: 1.5,
      unit: '×',
      pass: a.ratio <= 1.5,
    });
  if (a?.batches)
    out.push({
      browser: name,
      name: 'appended: each batch annotated within one frame of its arrival',
      value: a.batches.maxMs,
      limit: r1(FRAME_MS),
      unit: 'ms (slowest batch)',
      pass: a.batches.withinFrame === a.batches.batches,
      note: `${a.batches.withinFrame} of ${a.batches.batches} within a frame, median ${a.batches.medianMs} ms`,
    });
  return out;
}

/** The issue's glossary-scale targets, judged on one browser's figures. */
function scaleTargets(name: BrowserName, r: ScaleResult): Target[] {
  const big = r.matcher.synthetic;
  // Compiled means ready to scan: the expressions are built, then compiled by the engine on first use.
  const compiled = r2(big.compileMs + big.firstFindMs);
  const out: Target[] = [
    {
      browser: name,
      name: '5,000 entries: compiled ≤ 100 ms',
      value: compiled,
      limit: 100,
      unit: 'ms',
      pass: compiled <= 100,
      note: `built ${big.compileMs} ms + the engine's compile at the first find ${big.firstFindMs} ms`,
    },
    {
      browser: name,
      name: "5,000 entries: scan ≤ 2× the real glossary's",
      value: r.matcher.scanRatio,
      limit: 2,
      unit: '×',
      pass: r.matcher.scanRatio <= 2,
    },
  ];
  if (!('skipped' in r.search)) {
    const s = r.search.synthetic;
    out.push({
      browser: name,
      name: 'popup search, 5,000 entries: median ≤ 2 ms',
      value: s.median,
      limit: 2,
      unit: 'ms',
      pass: s.median <= 2,
      note: `p95 ${s.p95} ms`,
    });
  }
  return out;
}

// ---- Printing -------------------------------------------------------------------------------------

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const fmtMs = (ms: number | null | undefined) =>
  ms === null || ms === undefined || Number.isNaN(ms)
    ? 'n/a'
    : ms >= 100
      ? `${Math.round(ms)}`
      : ms >= 10
        ? ms.toFixed(1)
        : ms.toFixed(2);
const fmtX = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '' : `${x >= 100 ? Math.round(x) : x.toFixed(1)}×`;
const fmtMark = (m: MarkRun | undefined, x: number | null) =>
  !m ? '—' : 'skipped' in m ? 'skipped' : `${fmtMs(m.ms)} (${fmtX(x)})`;

/** The matcher's and the search's figures for both glossaries, measured `where`. */
function printScale(where: string, r: ScaleResult): void {
  const { matcher, search } = r;
  console.log(`\nmatcher (${where}), long read (${Math.round(r.longReadChars / 1e3)} K chars) scanned block by block:`);
  for (const [label, m] of [
    ['real', matcher.real],
    ['5,000 entries', matcher.synthetic],
  ] as const) {
    console.log(
      `  ${pad(label, 14)} ${lpad(String(m.forms), 6)} forms  compile ${fmtMs(m.compileMs)} + first find ${fmtMs(m.firstFindMs)} ms  scan ${fmtMs(m.scanMs)} ms (first ${fmtMs(m.firstScanMs)}, whole text ${fmtMs(m.scanWholeMs)})  ${m.matches} matches`,
    );
  }
  console.log(`  5,000-entry glossary: scan ${matcher.scanRatio}× the real one, compile ${matcher.compileRatio}×`);
  if ('skipped' in search) console.log(`search: skipped (${search.skipped})`);
  else {
    console.log(`popup search (${where}), per query:`);
    for (const [label, s] of [
      ['real', search.real],
      ['5,000 entries', search.synthetic],
    ] as const) {
      console.log(
        `  ${pad(label, 14)} index ${fmtMs(s.buildMs)} ms  median ${s.median} ms  p95 ${s.p95} ms  worst ${s.max} ms ("${s.slowestQuery}")`,
      );
    }
  }
}

function printTable(results: Results): void {
  const cols: [string, number][] = [
    ['page', 14],
    ['text', 8],
    ['occ ext/match', 14],
    ['setup', 7],
    ['Σpass ms', 9],
    ['annot. (×floor)', 16],
    ['Σwork (×)', 15],
    ['DCL→done', 9],
    ['startup', 8],
    ['floor cold/warm', 16],
    ['read+test (×)', 15],
    ['longest', 8],
    ['TBT', 7],
    ['page alone', 10],
    ['one change', 10],
    ['mark.js exactly (×)', 20],
    ['markRegExp (×)', 16],
  ];
  for (const [name, byPage] of Object.entries(results.browsers)) {
    console.log(
      `\n${name} (${results.machine.browsers[name as BrowserName] ?? ''}) — times in ms, medians of fresh loads`,
    );
    console.log(cols.map(([h, w]) => pad(h, w)).join(' '));
    for (const plan of PLAN) {
      const r = byPage[plan.key];
      const p = results.pages[plan.key];
      if (!r || !p) continue;
      const e = r.extension;
      const row = [
        plan.label,
        `${p.textChars >= 1e6 ? (p.textChars / 1e6).toFixed(1) + ' M' : Math.round(p.textChars / 1e3) + ' K'}`,
        `${e.occurrences}/${p.expected}`,
        fmtMs(e.setupMs),
        fmtMs(e.passMs) + (plan.appended ? ` /${e.passes}` : ''),
        plan.appended ? '' : `${fmtMs(e.annotationMs)} (${fmtX(r.ratios.extension)})`,
        fmtMs(e.workMs) + (plan.appended ? '' : ` (${fmtX(r.ratios.work)})`),
        fmtMs(e.wallFromDclMs),
        fmtMs(e.startupMs),
        `${fmtMs(r.floor.coldMs)}/${fmtMs(r.floor.warmMs)}`,
        r.bound ? `${fmtMs(r.bound.ms)} (${fmtX(r.ratios.bound)})` : '—',
        fmtMs(e.longestTaskMs),
        fmtMs(e.tbtMs),
        fmtMs(r.floor.pageAloneLongestTaskMs),
        fmtMs(r.floor.oneChangeLongestTaskMs),
        fmtMark(r.markExactly, r.ratios.markExactly),
        fmtMark(r.markRegExp, r.ratios.markRegExp),
      ];
      console.log(row.map((c, i) => (i === 0 ? pad(c, cols[i]![1]) : lpad(c, cols[i]![1]))).join(' '));
    }
    console.log('  Σwork by phase (walk / match (of it, context) / write ms):');
    for (const plan of PLAN) {
      const ph = byPage[plan.key]?.extension.phases;
      if (ph)
        console.log(
          `    ${pad(plan.label, 14)} ${fmtMs(ph.walkMs)} / ${fmtMs(ph.matchMs)} (${fmtMs(ph.contextMs)}) / ${fmtMs(ph.writeMs)}`,
        );
    }
    for (const plan of PLAN) {
      const m = byPage[plan.key]?.markExactly;
      if (m && 'skipped' in m) console.log(`  mark.js exactly skipped on the ${plan.label}: ${m.skipped}`);
    }
  }
  for (const [name, a] of Object.entries(results.appended)) {
    console.log(
      `\n${name} appended feed: ${fmtMs(a.appendedMs)} ms over ${a.passes} passes vs ${fmtMs(a.atOnceMs)} ms at once → ${a.ratio.toFixed(2)}×`,
    );
    if (a.batches) {
      const b = a.batches;
      console.log(
        `  each batch, from its arrival to the end of its pass: median ${fmtMs(b.medianMs)} ms, slowest ${fmtMs(b.maxMs)} ms (batch ${b.slowest}); ${b.withinFrame} of ${b.batches} within one frame (${fmtMs(FRAME_MS)} ms)`,
      );
    }
  }
  if (results.node) printScale('Node', results.node);
  for (const [name, r] of Object.entries(results.browserScale ?? {})) printScale(`${name}, in a page`, r);
  const b = results.bundle;
  console.log(
    `\ncontent script: ${(b.rawBytes / 1024).toFixed(1)} KiB raw, ${(b.gzipBytes / 1024).toFixed(1)} KiB gzipped`,
  );
  for (const [name, p] of Object.entries(results.popup ?? {})) {
    console.log(
      `popup, ${name} (median of ${p.reps} opens, from its page's navigation start): first render ${fmtMs(p.renderedMs)} ms, first paint ${p.paintMs === null ? 'not timed' : `${fmtMs(p.paintMs)} ms`}, the site switch and the page's terms shown ${fmtMs(p.readyMs)} ms`,
    );
  }
  if (results.profile) {
    for (const [key, p] of Object.entries(results.profile)) {
      const w = p.window;
      console.log(
        `\nCPU profile, chromium, ${key} (unminified build, profiler on: Σpass ${fmtMs(p.passMs)} ms). From the first to the last content-script sample, ${fmtMs(p.windowMs)} ms:`,
      );
      console.log(
        `  content script (with the DOM and regexp calls it makes) ${fmtMs(w.contentScript)}, native outside scripts (style, layout, paint, parsing) ${fmtMs(w.program)}, GC ${fmtMs(w.gc)}, idle ${fmtMs(w.idle)}, other ${fmtMs(w.other)}`,
      );
      console.log('  top self time in that window:');
      for (const t of p.top.slice(0, 15))
        console.log(`  ${lpad(fmtMs(t.selfMs), 8)} ms ${lpad(t.pct.toFixed(1), 5)}%  ${t.fn}  ${t.where}`);
      if (p.trace) {
        console.log(
          `  trace (a separate load), main thread self time by event over the ${fmtMs(p.trace.windowMs)} ms of annotation:`,
        );
        for (const t of p.trace.selfByEvent)
          console.log(`  ${lpad(fmtMs(t.selfMs), 8)} ms ${lpad(t.pct.toFixed(1), 5)}%  ${t.name}`);
      }
    }
  }
  if (results.pdf) printPdfBench(results.pdf);
  console.log('\ntargets (information only):');
  for (const t of results.targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    const value = t.value === null ? 'n/a' : `${t.value}${t.unit === '×' ? '×' : ` ${t.unit}`}`;
    console.log(`  ${verdict}  ${pad(t.browser, 9)} ${pad(t.name, 42)} ${value}${t.note ? ` (${t.note})` : ''}`);
  }
  if (results.errors.length) {
    console.log('\nproblems:');
    for (const e of results.errors) console.log(`  - ${e}`);
  }
}

async function main(): Promise<void> {
  const results: Results = {
    mode: QUICK ? 'quick' : 'full',
    startedAt: new Date().toISOString(),
    durationS: 0,
    machine: { cpus: cpus().length, memGB: Math.round(totalmem() / 2 ** 30), node: process.version, browsers: {} },
    bundle: { contentScript: '', rawBytes: 0, gzipBytes: 0 },
    pages: {},
    browsers: {},
    appended: {},
    targets: [],
    errors: [],
  };

  if (!PROFILE_ONLY) log(`Node figures (matcher and search scale)${QUICK ? ', quick' : ''}…`);
  // The glossary-scale inputs, made once for Node's figures and each browser's.
  const scale = PROFILE_ONLY ? null : scaleInputs();
  if (scale) results.node = await runNodeBench(scale, { quick: QUICK });

  const snapshots: Partial<Record<BrowserName, string>> = {};
  let server: BenchServer | null = null;
  try {
    if (NODE_ONLY) {
      if (existsSync(join(BUILDS.chromium, 'content-scripts/content.js'))) results.bundle = bundleSize(BUILDS.chromium);
    } else {
      for (const name of BROWSERS) snapshots[name] = snapshotBuild(BUILDS[name]);
      results.bundle = bundleSize(snapshots.chromium ?? BUILDS.chromium);
      server = await startBenchServer();
      const urls = new Map<PageKey, string>();
      log('generating pages…');
      for (const plan of PLAN) {
        const page = plan.make();
        results.pages[plan.key] = {
          label: plan.label,
          htmlBytes: Buffer.byteLength(page.html),
          textChars: page.textChars,
          inserted: page.inserted,
          expected: expectedOccurrences(page),
        };
        urls.set(plan.key, server.put(plan.key, page.html));
      }
      // Every browser is open for the whole run and each page is measured in one, then the next, so
      // that both browsers see the machine in the same state, and a run cut short by the time budget
      // loses the same (last, biggest) pages in each.
      const sessions: BrowserSession[] = [];
      const warmUrl = urls.get('news') ?? urls.values().next().value!;
      try {
        for (const name of PROFILE_ONLY || !PLAN.length ? [] : BROWSERS) {
          log(`${name}: launching and warming up…`);
          sessions.push(await openSession(name, snapshots[name]!, warmUrl, results.errors));
        }
        for (const plan of PLAN) {
          const page = results.pages[plan.key]!;
          for (const session of sessions) {
            const costS = estimatedCostS(session.name, plan, page);
            if ((Date.now() - t0Run) / 1000 + costS > BUDGET_S) {
              results.errors.push(
                `${session.name} ${plan.key}: skipped, it would end past the run's ${BUDGET_S} s budget (a loaded machine?)`,
              );
              continue;
            }
            log(`${session.name}: ${plan.label} (${(page.htmlBytes / 1e6).toFixed(2)} MB)…`);
            await measurePage(session, plan, page, server, urls, results.errors);
          }
        }
        // The popup, last: its opens and closes must not disturb the pages' figures.
        for (const session of sessions) {
          if (!urls.has('news')) break;
          log(`${session.name}: the popup…`);
          try {
            const popup = await measurePopup(session, urls.get('news')!);
            (results.popup ??= {})[session.name] = popup;
            // The first render as the reader sees it: painted (or in the DOM, where paint is not timed).
            const shown = popup.paintMs ?? popup.renderedMs;
            results.targets.push({
              browser: session.name,
              name: 'popup: first render ≤ 100 ms after open',
              value: shown,
              limit: 100,
              unit: 'ms',
              pass: shown <= 100,
              note: `state shown at ${popup.readyMs} ms`,
            });
          } catch (error) {
            results.errors.push(`${session.name} popup: ${String(error)}`);
          }
        }
      } finally {
        for (const session of sessions) {
          await session.ext.close();
          await session.plain.close();
        }
      }
      for (const session of sessions) {
        const { name, out: byPage } = session;
        results.browsers[name] = byPage;
        results.machine.browsers[name] = session.version;
        const a = byPage.append;
        const b = byPage.atOnce;
        if (a && b) {
          results.appended[name] = {
            appendedMs: a.extension.passMs,
            atOnceMs: b.extension.passMs,
            ratio: r2(a.extension.passMs / b.extension.passMs),
            passes: a.extension.passes,
            batches: a.extension.batches,
          };
        }
        results.targets.push(...targetsFor(name, byPage, results.appended));
      }
      // The PDF reader, after the pages, on its own time budget (bench/pdf.ts).
      if (!PROFILE_ONLY && (!onlyPages || onlyPages.includes('pdf'))) {
        results.pdf = await runPdfBench({
          quick: QUICK,
          browsers: BROWSERS,
          builds: snapshots,
          errors: results.errors,
          log,
        });
      }
      // The glossary-scale figures in each browser (bench/scale.ts), after the pages and the reader.
      if (scale && (!onlyPages || onlyPages.includes('scale'))) {
        const bundle = await bundleScalePage().catch((error: unknown) => {
          results.errors.push(`glossary scale: the page's bundle failed: ${String(error)}`);
          return null;
        });
        for (const name of BROWSERS) {
          if (bundle === null) break;
          log(`${name}: glossary scale, in a page…`);
          try {
            const figures = await measureScale(name, server, bundle, scale);
            (results.browserScale ??= {})[name] = figures;
            results.targets.push(...scaleTargets(name, figures));
          } catch (error) {
            results.errors.push(`${name} glossary scale: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      if (PROFILE && BROWSERS.includes('chromium')) {
        // GLENS_PROFILE_EXTENSION reuses an unminified build (e.g. from an earlier --profile run).
        const reuse = process.env.GLENS_PROFILE_EXTENSION;
        if (!reuse) log('building unminified for the CPU profiles…');
        const dir = reuse || buildForProfile('chromium');
        const ext = await launchBrowser({ browser: 'chromium', extensionDir: dir });
        results.profile = {};
        try {
          for (const key of ['huge', 'dense', 'hugeQuick', 'long', 'none', 'news', 'append'] as const) {
            const url = urls.get(key);
            if (!url || Object.keys(results.profile).length >= 2) continue;
            log(`profiling ${key}…`);
            const cpu = await profileExtension(ext, server, url, key === 'append');
            log(`tracing ${key}…`);
            results.profile[key] = { ...cpu, trace: await traceExtension(ext, server, url, key === 'append') };
          }
        } finally {
          await ext.close();
          if (!reuse) rmSync(join(dir, '..'), { recursive: true, force: true });
        }
      }
    }
  } finally {
    await server?.close();
    for (const dir of Object.values(snapshots)) rmSync(dir, { recursive: true, force: true });
  }
  results.durationS = Math.round((Date.now() - t0Run) / 1000);
  printTable(results);
  if (PROFILE_ONLY || NODE_ONLY) {
    // Keep the last full or quick run's results.
    console.log(`\ndone in ${results.durationS} s (a partial run writes no results file)`);
  } else {
    writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
    console.log(`\nwrote ${RESULTS} in ${results.durationS} s`);
  }
}

/**
 * A/B of two builds on a noisy machine: both loaded at once (one browser each), and each page loaded
 * alternately in one and the other, `--reps` times (the order swapped every round), so that both
 * see the machine in the same states. Prints medians of the annotator's work and its phases, and
 * the ratio of the compared build to the current one. Writes no results file.
 */
async function compareBuilds(otherDir: string): Promise<void> {
  const server = await startBenchServer();
  const name: BrowserName = BROWSERS[0] ?? 'chromium';
  const builds = [
    { label: 'current', dir: snapshotBuild(BUILDS[name]) },
    { label: otherDir, dir: snapshotBuild(otherDir) },
  ];
  const plans = onlyPages ? PLAN : PLAN.filter((p) => ['news', 'long', 'none'].includes(p.key));
  const launched: LaunchedBrowser[] = [];
  try {
    for (const b of builds) launched.push(await launchBrowser({ browser: name, extensionDir: b.dir }));
    for (const plan of plans) {
      const url = server.put(plan.key, plan.make().html);
      for (const ext of launched) await measureExtension(ext, url, !!plan.appended); // warm-up, not counted
      const runs: ExtensionRun[][] = [[], []];
      for (let i = 0; i < COMPARE_REPS; i++) {
        for (const k of i % 2 ? [1, 0] : [0, 1])
          runs[k]!.push(await measureExtension(launched[k]!, url, !!plan.appended));
      }
      const stat = (rs: ExtensionRun[], key: (r: ExtensionRun) => number) => median(rs.map(key));
      const figures = (rs: ExtensionRun[]): Record<string, number> => ({
        fromDcl: stat(rs, (r) => r.wallFromDclMs),
        setup: stat(rs, (r) => r.setupMs),
        annot: stat(rs, (r) => r.annotationMs),
        work: stat(rs, (r) => r.workMs),
        pass: stat(rs, (r) => r.passMs),
        walk: stat(rs, (r) => r.phases.walkMs),
        match: stat(rs, (r) => r.phases.matchMs),
        write: stat(rs, (r) => r.phases.writeMs),
        context: stat(rs, (r) => r.phases.contextMs),
        longest: stat(rs, (r) => r.longestTaskMs ?? NaN),
        // A long task shows up in some loads only: the worst of them, beside the median.
        longMax: Math.max(...rs.map((r) => r.longestTaskMs ?? NaN)),
        // The feed: how soon its batches were annotated (median, and slowest, of each load).
        ...(plan.appended
          ? {
              batchMed: stat(rs, (r) => r.batches?.medianMs ?? NaN),
              batchMax: stat(rs, (r) => r.batches?.maxMs ?? NaN),
            }
          : {}),
      });
      const [a, b] = [figures(runs[0]!), figures(runs[1]!)];
      console.log(`\n${name} ${plan.label}, medians of ${COMPARE_REPS} loads each (ms; compared / current):`);
      for (const [k, x] of Object.entries(a)) {
        const y = b[k] ?? NaN;
        console.log(
          `  ${pad(k, 6)} current ${lpad(String(r1(x)), 7)}  compared ${lpad(String(r1(y)), 7)}  ${r2(y / x)}`,
        );
      }
    }
  } finally {
    for (const ext of launched) await ext.close();
    await server.close();
    for (const b of builds) rmSync(b.dir, { recursive: true, force: true });
  }
}

(COMPARE ? compareBuilds(COMPARE) : main()).catch((error: unknown) => {
  console.error('bench: crashed:', error);
  process.exit(1);
});
