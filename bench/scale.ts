/**
 * The glossary-scale figures themselves: compiling and scanning with the matcher, and searching as
 * the popup does, for the real glossary and a synthetic one of 5,000 entries. Pure, and free of
 * Node's modules, so that the same code runs in Node (bench/node-bench.ts) and, bundled, in each
 * browser's page (bench/scale-page.ts): the extension's own code runs there, on that browser's
 * engine.
 */
import { compileMatcher, type MatchableEntry } from '../lib/matcher';
import type * as SearchLib from '../lib/search';

/** Median and 95th percentile of a list of samples. */
export function quantiles(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN };
}

export const round = (ms: number, digits = 2) => Math.round(ms * 10 ** digits) / 10 ** digits;

/** The shape both lib/matcher and lib/search accept. */
export interface SyntheticEntry extends MatchableEntry {
  term: string;
  acronym?: string;
  japanese?: string;
  forms: string[];
  definition: string;
  background?: boolean;
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export interface MatcherScale {
  entries: number;
  forms: number;
  /** compileMatcher() itself, median of fresh compiles. */
  compileMs: number;
  /** The first find() after compiling: the engine compiles the regular expressions lazily, on first use. */
  firstFindMs: number;
  /** find() over each block of the long read, as the annotator calls it: median of repeated scans. */
  scanMs: number;
  /** The first such scan after compiling (irregexp, in V8 and SpiderMonkey, starts interpreted and tiers up). */
  firstScanMs: number;
  /** find() over the long read's text joined into one string. */
  scanWholeMs: number;
  matches: number;
  /** Text scanned per millisecond in the median scan. */
  charsPerMs: number;
}

/**
 * Compiles and scans with each glossary's matcher. The repeated scans alternate between the
 * glossaries, so that what the machine is doing meanwhile weighs on both medians alike: their ratio
 * is the figure the issue sets a target for.
 */
export function matcherScales(
  glossaries: readonly (readonly MatchableEntry[])[],
  segments: string[],
  reps: number,
): MatcherScale[] {
  const chars = segments.reduce((n, s) => n + s.length, 0);
  const runs = glossaries.map((entries) => {
    const compiles: number[] = [];
    let firstFindMs = NaN;
    let firstScanMs = NaN;
    for (let i = 0; i < reps; i++) {
      const { ms, value } = time(() => compileMatcher(entries));
      compiles.push(ms);
      if (i === 0) {
        firstFindMs = time(() => value.find('warm-up text')).ms;
        firstScanMs = time(() => {
          for (const s of segments) value.find(s);
        }).ms;
      }
    }
    const matcher = compileMatcher(entries);
    let matches = 0;
    for (const s of segments) matches += matcher.find(s).length;
    return { entries, matcher, compiles, firstFindMs, firstScanMs, matches, scans: [] as number[] };
  });
  for (let i = 0; i < reps; i++) {
    for (const run of runs) {
      run.scans.push(
        time(() => {
          for (const s of segments) run.matcher.find(s);
        }).ms,
      );
    }
  }
  const whole = segments.join('\n');
  return runs.map(({ entries, matcher, compiles, firstFindMs, firstScanMs, matches, scans }) => {
    const wholes: number[] = [];
    for (let i = 0; i < Math.min(reps, 5); i++) wholes.push(time(() => matcher.find(whole)).ms);
    const scanMs = quantiles(scans).median;
    return {
      entries: entries.length,
      forms: entries.reduce((n, e) => n + e.forms.length, 0),
      compileMs: round(quantiles(compiles).median),
      firstFindMs: round(firstFindMs),
      scanMs: round(scanMs),
      firstScanMs: round(firstScanMs),
      scanWholeMs: round(quantiles(wholes).median),
      matches,
      charsPerMs: Math.round(chars / scanMs),
    };
  });
}

/** What a reader types into the popup's search box, letter by letter and whole. */
export const QUERIES = [
  'c',
  'co',
  'coll',
  'collective s',
  'collective self-defence',
  'alliance',
  'us japan',
  'U.S.-Japan Alliance',
  'SCC',
  '2+2',
  'hadr',
  'HA/DR',
  'isr',
  'missle defense',
  'article 9',
  'abe',
  'guidelines review',
  'deterence',
  'maritime security',
  'self defense forces',
  '自衛',
  '集団的自衛権',
  '日米',
  'trilateral cooperation',
  'space situational awareness',
  'xyzzy',
];

export interface SearchScale {
  entries: number;
  buildMs: number;
  /** Over every query, repeated (each sample the mean of SEARCHES_PER_SAMPLE runs): median, p95 and worst, in ms. */
  median: number;
  p95: number;
  max: number;
  slowestQuery: string;
}

export type SearchModule = typeof SearchLib;

/**
 * Searches timed together for one sample, their mean the sample: a page's clock in Chromium counts
 * in steps of 0.1 ms, longer than most searches.
 */
const SEARCHES_PER_SAMPLE = 5;

export function searchScale(mod: SearchModule, entries: SyntheticEntry[], rounds: number): SearchScale {
  const { ms: buildMs, value: search } = time(() => mod.createGlossarySearch(entries));
  for (const q of QUERIES) search.search(q, 20); // warm-up
  const samples: number[] = [];
  const worst = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const ms =
        time(() => {
          for (let k = 0; k < SEARCHES_PER_SAMPLE; k++) search.search(q, 20);
        }).ms / SEARCHES_PER_SAMPLE;
      samples.push(ms);
      worst.set(q, Math.max(worst.get(q) ?? 0, ms));
    }
  }
  const q = quantiles(samples);
  const slowest = [...worst.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return {
    entries: entries.length,
    buildMs: round(buildMs, 1),
    median: round(q.median, 3),
    p95: round(q.p95, 3),
    max: round(q.max, 3),
    slowestQuery: slowest[0],
  };
}

/** Everything the scale figures need, made in Node (the synthetic glossary, the long read's blocks). */
export interface ScaleInputs {
  real: SyntheticEntry[];
  big: SyntheticEntry[];
  segments: string[];
  longReadChars: number;
}

export interface ScaleResult {
  longReadChars: number;
  matcher: { real: MatcherScale; synthetic: MatcherScale; scanRatio: number; compileRatio: number };
  search: { real: SearchScale; synthetic: SearchScale } | { skipped: string };
}

/** The matcher's figures for both glossaries, and the search's where `search` is given. */
export function scaleFigures(
  { real, big, segments, longReadChars }: ScaleInputs,
  { quick, search }: { quick: boolean; search: SearchModule | { skipped: string } },
): ScaleResult {
  const [realScale, bigScale] = matcherScales([real, big], segments, quick ? 3 : 25) as [MatcherScale, MatcherScale];
  return {
    longReadChars,
    matcher: {
      real: realScale,
      synthetic: bigScale,
      scanRatio: round(bigScale.scanMs / realScale.scanMs),
      compileRatio: round((bigScale.compileMs + bigScale.firstFindMs) / (realScale.compileMs + realScale.firstFindMs)),
    },
    search:
      'skipped' in search
        ? search
        : {
            real: searchScale(search, real, quick ? 3 : 10),
            synthetic: searchScale(search, big, quick ? 3 : 10),
          },
  };
}
