/**
 * The PDF reader's benchmark (issue #8): time to the first annotated page, and the longest task
 * while a 100-page PDF is read from the first page to the last, in the built extension's reader
 * (`reader.html?file=…`, an extension page) in Chromium and Firefox. The reference is the same
 * reader with the lens paused (pdf.js drawing pages and text layers, no highlights), measured in
 * the same browser in the same run, so the ratios are the lens's cost over pdf.js's own.
 *
 * The PDF is made here with pdf-lib from news-style sentences of our own that name the glossary's
 * terms (a seeded PRNG picks them, so every run reads the same bytes). `run.ts` calls
 * `runPdfBench` and `printPdfBench`; bench/README.md explains each figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import { GLOSSARY_CORE as GLOSSARY } from '../lib/glossary-core';
import { compileMatcher } from '../lib/matcher';
import { launchBrowser, openExtensionPage, type BrowserName, type LaunchedBrowser } from '../tests/harness/browsers';
import { startFixtureServer } from '../tests/harness/server';
import { createRng } from './pages';

// ---- The document ---------------------------------------------------------------------------

/** Sentences that name terms (each one on topic: Japan, the United States, defense). */
const TERM_SENTENCES = [
  'Meeting as the Security Consultative Committee, the ministers of Japan and the United States said the review of the Guidelines for U.S.-Japan Defense Cooperation would be finished within the year.',
  'The SCC, often called the 2+2, asked planners in Tokyo and Washington to widen cooperation in intelligence, surveillance, and reconnaissance.',
  'Officials said the limited exercise of collective self-defense that the cabinet approved would let the Self-Defense Forces defend U.S. ships under attack.',
  'Critics in the Diet argued that Article 9 of the Japanese Constitution still bars such a step, and called the change a constitutional reinterpretation.',
  'The interim report described a framework rather than a text, and promised that implementing legislation would follow after a long parliamentary debate.',
  'Both governments said deterrence had to be strengthened in a security environment that they called more severe than at any time since the Cold War.',
  'A senior Japanese defense official said ISR would come first, followed by air and missile defense and maritime security in the East China Sea.',
  'The allies also planned humanitarian assistance and disaster relief missions for the typhoon season, and rehearsed noncombatant evacuation operations.',
  'American commanders stressed interoperability between the two forces through more bilateral training and exercises in Japan and at sea.',
  'Washington welcomed the decision as part of its rebalance to the Asia-Pacific, and called the U.S.-Japan Alliance the cornerstone of regional security.',
  'Tokyo and Washington agreed to deepen cooperation on cybersecurity and on space cooperation, areas the 1997 guidelines never mentioned.',
  'The ministers asked for trilateral and multilateral cooperation with Australia and for capacity building in Southeast Asia.',
];
/** Sentences with no term, so that the terms are spread as in a real report. */
const FILLER_SENTENCES = [
  'The ministers met for three hours at the foreign ministry and spoke to reporters afterwards.',
  'Several of the figures given last year had been revised, and the revisions were not yet explained.',
  'The chair asked the ministry to publish the underlying tables before the next session.',
  'Opinion polls taken over the summer showed the public divided, with many still undecided.',
  'Local officials asked for a fuller account of the costs that host communities bear.',
  'The talks were described by both delegations as frank, detailed and constructive.',
  'A joint statement is expected at the end of the year, after a further round of meetings.',
  'Budget requests for the coming fiscal year were submitted to the finance ministry in August.',
];

const LETTER: [number, number] = [612, 792];
const MARGIN = 64;
const FONT_SIZE = 11;
const LEADING = 15;

export interface BenchPdf {
  bytes: Uint8Array;
  pages: number;
  /** Occurrences the matcher finds in each page's text (lines joined as the reader joins them). */
  expected: number;
}

/** A report of `pages` pages of news-style paragraphs, about one sentence in three naming terms. */
export async function benchPdf({ pages, seed = 81 }: { pages: number; seed?: number }): Promise<BenchPdf> {
  const rng = createRng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  const doc = await PDFDocument.create();
  doc.setTitle(`Alliance Review: ${pages}-Page Benchmark Report`);
  doc.setProducer('Glossary Lens benchmark');
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = LETTER[0] - 2 * MARGIN;
  const matcher = compileMatcher(GLOSSARY);
  let expected = 0;
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage(LETTER);
    const lines: string[] = [];
    let y = LETTER[1] - MARGIN;
    const heading = `Part ${n}: The Alliance Review`;
    page.drawText(heading, { x: MARGIN, y, size: 15, font: bold, color: rgb(0.1, 0.1, 0.12) });
    lines.push(heading);
    y -= 28;
    // Paragraphs of four to six sentences until the page is full, wrapped at word boundaries.
    while (y > MARGIN + 5 * LEADING) {
      const count = 4 + Math.floor(rng() * 3);
      const sentences = Array.from({ length: count }, () =>
        rng() < 0.4 ? pick(TERM_SENTENCES) : pick(FILLER_SENTENCES),
      );
      let line = '';
      for (const word of sentences.join(' ').split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, FONT_SIZE) <= width) {
          line = next;
          continue;
        }
        page.drawText(line, { x: MARGIN, y, size: FONT_SIZE, font, color: rgb(0.1, 0.1, 0.12) });
        lines.push(line);
        y -= LEADING;
        line = word;
        if (y < MARGIN) break;
      }
      if (y >= MARGIN && line) {
        page.drawText(line, { x: MARGIN, y, size: FONT_SIZE, font, color: rgb(0.1, 0.1, 0.12) });
        lines.push(line);
        y -= LEADING;
      }
      y -= 8;
    }
    expected += matcher.find(lines.join(' ')).length;
  }
  return { bytes: await doc.save({ useObjectStreams: false }), pages, expected };
}

// ---- In-page code (serialised into the reader page: self-contained) ---------------------------

interface Span {
  start: number;
  duration: number;
}
type RecorderWindow = Window & { __pdfBench?: { longTasks: Span[] } };

/** Chromium: installed before the reader's scripts, records every long task of the page. */
function installLongTaskRecorder(): void {
  const w = window as RecorderWindow;
  if (w.__pdfBench || !PerformanceObserver.supportedEntryTypes.includes('longtask')) return;
  const rec = { longTasks: [] as Span[] };
  w.__pdfBench = rec;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) rec.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

interface ReadArgs {
  /** Wait for highlights on each page (lens on), or only for its text layer (lens paused). */
  highlights: boolean;
  pages: number;
  firstTimeoutMs: number;
  pageTimeoutMs: number;
}
interface ReadRun {
  /** ms from the reader's navigation start (performance marks of lib/pdf-reader.ts and the lens). */
  fetched: number;
  opened: number;
  firstTextLayer: number;
  /** The first page annotated (lens on) or its text layer drawn (paused). */
  firstReady: number;
  /** Per page, from scrolling it into view to its highlights (or text layer); NaN if it timed out. */
  perPage: number[];
  /** Distinct occurrences highlighted on each page when it was ready (lens on). */
  occurrences: number;
  readStart: number;
  readEnd: number;
  longTasks: Span[] | null;
}

/** Waits for the first page, then reads the document page by page, each as soon as it is ready. */
async function readDocument(args: ReadArgs): Promise<ReadRun> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
  const selector = (n: number) =>
    `.glens-pdf-page[data-page-number="${n}"] .textLayer ${args.highlights ? 'glens-term' : 'span'}`;
  const waitFor = async (n: number, timeoutMs: number) => {
    const end = performance.now() + timeoutMs;
    while (!document.querySelector(selector(n))) {
      if (performance.now() > end) return false;
      await sleep(5);
    }
    return true;
  };
  const firstMark = args.highlights ? 'glens-reader:first-highlight' : 'glens-reader:text-layer';
  const firstEnd = performance.now() + args.firstTimeoutMs;
  while (Number.isNaN(mark(firstMark)) && performance.now() < firstEnd) await sleep(5);
  const perPage: number[] = [];
  let occurrences = 0;
  const readStart = performance.now();
  for (let n = 1; n <= args.pages; n++) {
    const el = document.querySelector(`.glens-pdf-page[data-page-number="${n}"]`);
    if (!el) break;
    const t0 = performance.now();
    el.scrollIntoView({ block: 'start', behavior: 'instant' });
    const ok = await waitFor(n, args.pageTimeoutMs);
    perPage.push(ok ? performance.now() - t0 : NaN);
    // A moment on each page, the same with the lens on or paused: the lens's pass finishes before
    // its highlights are counted, and the pages ahead get the same time to be drawn in both.
    await sleep(50);
    if (ok && args.highlights) {
      const occ = new Set<string>();
      for (const t of document.querySelectorAll(`.glens-pdf-page[data-page-number="${n}"] .textLayer glens-term`))
        occ.add(t.getAttribute('data-glens-occ') ?? `${occ.size}`);
      occurrences += occ.size;
    }
  }
  const readEnd = performance.now();
  // Tasks that began during the read are reported once they end.
  await sleep(300);
  return {
    fetched: mark('glens-reader:fetched'),
    opened: mark('glens-reader:opened'),
    firstTextLayer: mark('glens-reader:text-layer'),
    firstReady: mark(firstMark),
    perPage,
    occurrences,
    readStart,
    readEnd,
    longTasks: (window as RecorderWindow).__pdfBench?.longTasks ?? null,
  };
}

// ---- Measuring ----------------------------------------------------------------------------

export interface PdfRun {
  lens: 'on' | 'paused';
  fetchedMs: number;
  openedMs: number;
  firstTextLayerMs: number;
  /** Navigation start to the first highlight (lens on) or to the first text layer (paused). */
  firstPageMs: number;
  /** Median and worst time from scrolling a page into view to its highlights (or text layer). */
  pageMedianMs: number;
  pageWorstMs: number;
  pagesRead: number;
  pagesTimedOut: number;
  occurrences: number;
  readMs: number;
  /**
   * Long tasks (Chromium; null without the API): while the reader opens (navigation start to the
   * first page ready) and while the document is read (the first page ready to the last).
   */
  longestOpenTaskMs: number | null;
  longestTaskMs: number | null;
  longTasks: number | null;
  tbtMs: number | null;
}

export interface PdfBrowserResult {
  version: string;
  /** Medians of the repetitions (each figure its own median). */
  on: PdfRun;
  paused: PdfRun;
  /**
   * Lens on over lens paused. (Not for the per-page figures: with the lens paused a page drawn
   * ahead of the reader is ready at once, so that ratio says nothing.)
   */
  ratios: { firstPage: number; longestOpenTask: number | null; longestTask: number | null };
  reps: { on: PdfRun[]; paused: PdfRun[] };
}

export interface PdfBenchResult {
  pages: number;
  bytes: number;
  /** Occurrences the matcher finds in the document's text: what the reader should highlight. */
  expected: number;
  browsers: Partial<Record<BrowserName, PdfBrowserResult>>;
}

export interface PdfBenchOptions {
  quick: boolean;
  browsers: BrowserName[];
  /** Built extensions by browser (chrome-mv3, firefox-mv2). */
  builds: Partial<Record<BrowserName, string>>;
  errors: string[];
  log: (msg: string) => void;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

const setPaused = (page: Page, paused: boolean) =>
  page.evaluate(async (value) => {
    await browser.storage.sync.set({ paused: value });
  }, paused);

async function measureRead(
  launched: LaunchedBrowser,
  url: string,
  doc: BenchPdf,
  lens: PdfRun['lens'],
): Promise<PdfRun> {
  const page = await launched.browser.newPage();
  try {
    if (launched.name === 'chromium') await page.evaluateOnNewDocument(installLongTaskRecorder);
    // (Firefox runs no preload script in an extension page, and has no Long Tasks API anyway.)
    await openExtensionPage(launched, `reader.html?file=${encodeURIComponent(url)}`, page, 30_000);
    const run = await page.evaluate(readDocument, {
      highlights: lens === 'on',
      pages: doc.pages,
      firstTimeoutMs: 60_000,
      pageTimeoutMs: 10_000,
    });
    const opening = run.longTasks?.filter((t) => t.start < run.readStart) ?? null;
    const tasks = run.longTasks?.filter((t) => t.start >= run.readStart && t.start < run.readEnd) ?? null;
    const read = run.perPage.filter((ms) => !Number.isNaN(ms));
    return {
      lens,
      fetchedMs: r1(run.fetched),
      openedMs: r1(run.opened),
      firstTextLayerMs: r1(run.firstTextLayer),
      firstPageMs: r1(run.firstReady),
      pageMedianMs: r1(median(read)),
      pageWorstMs: r1(read.length ? Math.max(...read) : NaN),
      pagesRead: read.length,
      pagesTimedOut: run.perPage.length - read.length,
      occurrences: run.occurrences,
      readMs: r1(run.readEnd - run.readStart),
      longestOpenTaskMs: opening ? r1(Math.max(0, ...opening.map((t) => t.duration))) : null,
      longestTaskMs: tasks ? r1(Math.max(0, ...tasks.map((t) => t.duration))) : null,
      longTasks: tasks ? tasks.length : null,
      tbtMs: tasks ? r1(tasks.reduce((n, t) => n + Math.max(0, t.duration - 50), 0)) : null,
    };
  } finally {
    await page.close().catch(() => undefined);
  }
}

function medianRun(runs: PdfRun[]): PdfRun {
  const m = (key: keyof PdfRun) => median(runs.map((r) => Number(r[key])));
  const nullable = (key: 'longestOpenTaskMs' | 'longestTaskMs' | 'longTasks' | 'tbtMs') =>
    runs.every((r) => r[key] === null) ? null : r1(m(key));
  return {
    lens: runs[0]!.lens,
    fetchedMs: r1(m('fetchedMs')),
    openedMs: r1(m('openedMs')),
    firstTextLayerMs: r1(m('firstTextLayerMs')),
    firstPageMs: r1(m('firstPageMs')),
    pageMedianMs: r1(m('pageMedianMs')),
    pageWorstMs: r1(m('pageWorstMs')),
    pagesRead: Math.min(...runs.map((r) => r.pagesRead)),
    pagesTimedOut: Math.max(...runs.map((r) => r.pagesTimedOut)),
    occurrences: Math.min(...runs.map((r) => r.occurrences)),
    readMs: r1(m('readMs')),
    longestOpenTaskMs: nullable('longestOpenTaskMs'),
    longestTaskMs: nullable('longestTaskMs'),
    longTasks: nullable('longTasks'),
    tbtMs: nullable('tbtMs'),
  };
}

const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? Math.round((a / b) * 100) / 100 : NaN);

/** Opens the benchmark PDF in each browser's reader, lens on and paused in turn, and reads it through. */
export async function runPdfBench(opts: PdfBenchOptions): Promise<PdfBenchResult> {
  const pages = opts.quick ? 20 : 100;
  // One read each by default: a read of 100 pages takes a minute in Chromium on a small machine.
  const reps = Number(process.env.GLENS_BENCH_PDF_REPS) || 1;
  const started = Date.now();
  const budgetMs = (Number(process.env.GLENS_BENCH_PDF_BUDGET_S) || (opts.quick ? 90 : 300)) * 1000;
  // A browser's share, from runs on a loaded two-core machine (Chromium's read is the slow one).
  const costMs = (name: BrowserName) => reps * (opts.quick ? 30_000 : name === 'chromium' ? 150_000 : 60_000);
  opts.log(`PDF reader: making a ${pages}-page PDF…`);
  const doc = await benchPdf({ pages });
  const warm = await benchPdf({ pages: 3, seed: 82 });
  const dir = mkdtempSync(join(tmpdir(), 'glens-bench-pdf-'));
  writeFileSync(join(dir, 'report.pdf'), doc.bytes);
  writeFileSync(join(dir, 'warm.pdf'), warm.bytes);
  // Cross-origin reads allowed, as on many document hosts: no site permission is needed (Firefox).
  const server = await startFixtureServer(dir, { cors: true });
  const result: PdfBenchResult = { pages, bytes: doc.bytes.length, expected: doc.expected, browsers: {} };
  try {
    for (const name of opts.browsers) {
      const build = opts.builds[name];
      if (!build) continue;
      if (Date.now() - started + costMs(name) > budgetMs) {
        opts.errors.push(`${name} pdf: skipped, it would end past its ${budgetMs / 1000} s budget (a loaded machine?)`);
        continue;
      }
      // Firefox rounds performance.now() to whole milliseconds unless told not to.
      const launched = await launchBrowser({
        browser: name,
        extensionDir: build,
        firefoxPrefs: { 'privacy.reduceTimerPrecision': false },
      });
      try {
        const control = await openExtensionPage(launched, 'options.html');
        opts.log(`${name}: PDF reader, warming up…`);
        await measureRead(launched, server.url('warm.pdf'), warm, 'on');
        const runs: Record<PdfRun['lens'], PdfRun[]> = { on: [], paused: [] };
        for (let i = 0; i < reps; i++) {
          // Alternating which goes first, so that neither always meets the machine in the same state.
          for (const lens of i % 2 ? (['paused', 'on'] as const) : (['on', 'paused'] as const)) {
            opts.log(`${name}: PDF reader, ${pages} pages, lens ${lens} (${i + 1}/${reps})…`);
            await setPaused(control, lens === 'paused');
            runs[lens].push(await measureRead(launched, server.url('report.pdf'), doc, lens));
          }
        }
        await setPaused(control, false);
        const on = medianRun(runs.on);
        const paused = medianRun(runs.paused);
        result.browsers[name] = {
          version: await launched.browser.version(),
          on,
          paused,
          ratios: {
            firstPage: ratio(on.firstPageMs, paused.firstPageMs),
            longestOpenTask:
              on.longestOpenTaskMs === null || paused.longestOpenTaskMs === null
                ? null
                : ratio(on.longestOpenTaskMs, paused.longestOpenTaskMs),
            longestTask:
              on.longestTaskMs === null || paused.longestTaskMs === null
                ? null
                : ratio(on.longestTaskMs, paused.longestTaskMs),
          },
          reps: runs,
        };
        for (const run of [...runs.on, ...runs.paused]) {
          if (run.pagesTimedOut || run.pagesRead < pages)
            opts.errors.push(
              `${name} pdf (lens ${run.lens}): ${run.pagesRead} of ${pages} pages ready, ${run.pagesTimedOut} timed out`,
            );
        }
        if (on.occurrences > doc.expected || on.occurrences === 0)
          opts.errors.push(`${name} pdf: ${on.occurrences} occurrences highlighted, the matcher finds ${doc.expected}`);
      } catch (error) {
        opts.errors.push(`${name} pdf: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await launched.close();
      }
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

// ---- Printing --------------------------------------------------------------------------------

const fmt = (ms: number | null) =>
  ms === null || Number.isNaN(ms) ? 'n/a' : ms >= 100 ? `${Math.round(ms)}` : ms.toFixed(1);
const fmtX = (x: number | null) => (x === null || Number.isNaN(x) ? '' : ` (${x.toFixed(1)}×)`);

/** The PDF reader's rows: lens on (with its ratio to paused) and paused. */
export function printPdfBench(r: PdfBenchResult): void {
  console.log(
    `\nPDF reader, a ${r.pages}-page report (${(r.bytes / 1e6).toFixed(2)} MB, ${r.expected} occurrences), ` +
      'ms from opening reader.html; medians. (×) = lens on over lens paused; long tasks, TBT while reading:',
  );
  const cols: [string, number][] = [
    ['browser / lens', 18],
    ['fetched', 8],
    ['text layer', 11],
    ['first page', 17],
    ['page med/worst', 22],
    ['occ seen/match', 15],
    ['longest opening', 16],
    ['longest reading', 16],
    ['tasks>50', 9],
    ['TBT', 8],
  ];
  const row = (cells: string[]) =>
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(cols[i]![1]) : c.padStart(cols[i]![1]))).join(' '));
  row(cols.map(([h]) => h));
  for (const [name, b] of Object.entries(r.browsers)) {
    for (const run of [b.on, b.paused]) {
      const on = run.lens === 'on';
      row([
        `${name} ${run.lens}`,
        fmt(run.fetchedMs),
        fmt(run.firstTextLayerMs),
        fmt(run.firstPageMs) + (on ? fmtX(b.ratios.firstPage) : ''),
        `${fmt(run.pageMedianMs)}/${fmt(run.pageWorstMs)}`,
        on ? `${run.occurrences}/${r.expected}` : '',
        fmt(run.longestOpenTaskMs) + (on ? fmtX(b.ratios.longestOpenTask) : ''),
        fmt(run.longestTaskMs) + (on ? fmtX(b.ratios.longestTask) : ''),
        run.longTasks === null ? 'n/a' : String(run.longTasks),
        fmt(run.tbtMs),
      ]);
    }
  }
}
