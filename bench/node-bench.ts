/**
 * Glossary-scale figures that need no browser: how compiling and scanning with the matcher, and
 * searching from the popup, grow from the real glossary (50 entries) to a synthetic one of 5,000
 * entries and 10,000 surface forms.
 *
 * bench/run.ts runs this first, before any browser starts, so that they do not compete for the CPU
 * (`vite-node bench/run.ts --node-only` runs just this part).
 */
import { performance } from 'node:perf_hooks';
import { GLOSSARY_CORE as GLOSSARY } from '../lib/glossary-core';
import { compileMatcher, type MatchableEntry } from '../lib/matcher';
import type * as SearchLib from '../lib/search';
import { PAGE_SPECS, VOCAB, articlePage, createRng } from './pages';

/** Median and 95th percentile of a list of samples. */
export function quantiles(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? NaN };
}

const round = (ms: number, digits = 2) => Math.round(ms * 10 ** digits) / 10 ** digits;

/** The shape both lib/matcher and lib/search accept. */
export interface SyntheticEntry extends MatchableEntry {
  term: string;
  acronym?: string;
  japanese?: string;
  forms: string[];
  definition: string;
  background?: boolean;
}

// Vocabulary of a much larger field glossary; mixed with the filler's own words so that the scan
// meets partial matches (a glossary that big shares words with any text about its field).
const DOMAIN = `maritime littoral command logistics readiness posture sustainment expeditionary amphibious
  airborne surveillance reconnaissance intelligence cyber space missile radar satellite submarine
  destroyer frigate carrier aviation squadron brigade battalion division regiment garrison base
  installation facility treaty accord protocol memorandum framework doctrine strategy review
  guideline directive initiative dialogue consultation mechanism council secretariat agency bureau
  directorate ministry cabinet diet legislature tribunal arbitration sanctions embargo tariff
  export control procurement acquisition industrial technology innovation research development
  coalition partnership alliance bilateral trilateral multilateral regional global national
  homeland territorial sovereignty jurisdiction continental peninsula strait channel archipelago
  fisheries energy nuclear nonproliferation disarmament verification inspection deterrence
  resilience crisis contingency emergency evacuation relief reconstruction stabilization
  peacekeeping counterterrorism counterpiracy interdiction escort patrol exercise drill training
  education exchange personnel budget appropriation authorization`;
const KANJI =
  '安全保障防衛協力同盟条約戦略政策地域海洋航空宇宙情報通信技術装備産業国際連合調整委員会本部計画訓練支援'.split('');

/**
 * A synthetic glossary: the 50 real entries plus synthetic ones, `entries` in all with `forms`
 * surface forms in all (multi-word names, acronyms, hyphenated variants, Japanese names).
 */
export function syntheticGlossary({ entries = 5_000, forms = 10_000, seed = 7 } = {}): SyntheticEntry[] {
  const rng = createRng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  const domain = DOMAIN.split(/\s+/).filter(Boolean);
  const words = [...domain, ...domain, ...VOCAB.adj, ...VOCAB.noun];
  const seen = new Set<string>();
  const out: SyntheticEntry[] = GLOSSARY.map((e) => ({
    id: e.id,
    term: e.term,
    ...(e.acronym ? { acronym: e.acronym } : {}),
    ...(e.japanese ? { japanese: e.japanese } : {}),
    forms: [...e.forms],
    definition: e.definition,
    background: e.background,
  }));
  for (const e of out) for (const f of e.forms) seen.add(f.toLowerCase());
  let formCount = out.reduce((n, e) => n + e.forms.length, 0);
  const fresh = (make: () => string) => {
    for (let i = 0; i < 50; i++) {
      const f = make();
      if (!seen.has(f.toLowerCase())) {
        seen.add(f.toLowerCase());
        return f;
      }
    }
    return null;
  };
  const synthetic = entries - out.length;
  for (let i = 0; i < synthetic; i++) {
    const term = fresh(() => {
      const n = 2 + Math.floor(rng() * 3);
      const ws: string[] = [];
      for (let k = 0; k < n; k++) ws.push(pick(words));
      return ws.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
    });
    if (!term) continue;
    const entry: SyntheticEntry = {
      id: `syn-${i}`,
      term,
      forms: [term],
      definition: Array.from({ length: 12 + Math.floor(rng() * 14) }, () => pick(words)).join(' ') + '.',
    };
    // Spread the remaining forms evenly over the remaining entries.
    const left = synthetic - i;
    const extra = Math.round((forms - formCount - left) / left + rng() - 0.5);
    for (let k = 0; k < extra; k++) {
      const kind = k % 3;
      const form =
        kind === 0
          ? fresh(() => {
              const initials = term
                .split(' ')
                .map((w) => w.charAt(0))
                .join('')
                .toUpperCase();
              return initials + (rng() < 0.5 ? '' : String.fromCharCode(65 + Math.floor(rng() * 26)));
            })
          : kind === 1
            ? fresh(() => Array.from({ length: 3 + Math.floor(rng() * 5) }, () => pick(KANJI)).join(''))
            : fresh(() => term.toLowerCase().replace(' ', rng() < 0.5 ? '-' : ' of the '));
      if (!form) continue;
      entry.forms.push(form);
      if (kind === 0) entry.acronym ??= form;
      if (kind === 1) entry.japanese ??= form;
    }
    formCount += entry.forms.length;
    out.push(entry);
  }
  return out;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export interface MatcherScale {
  entries: number;
  forms: number;
  /** compileMatcher() itself, median of fresh compiles. */
  compileMs: number;
  /** The first find() after compiling: V8 compiles the regular expression lazily, on first use. */
  firstFindMs: number;
  /** find() over each block of the long read, as the annotator calls it: median of repeated scans. */
  scanMs: number;
  /** The first such scan after compiling (irregexp starts interpreted and tiers up). */
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
function matcherScales(
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
  /** Over every query, repeated: median, p95 and worst, in ms. */
  median: number;
  p95: number;
  max: number;
  slowestQuery: string;
}

type SearchModule = typeof SearchLib;

function searchScale(mod: SearchModule, entries: SyntheticEntry[], rounds: number): SearchScale {
  const { ms: buildMs, value: search } = time(() => mod.createGlossarySearch(entries));
  for (const q of QUERIES) search.search(q, 20); // warm-up
  const samples: number[] = [];
  const worst = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const { ms } = time(() => search.search(q, 20));
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

export interface NodeBenchResult {
  longReadChars: number;
  matcher: { real: MatcherScale; synthetic: MatcherScale; scanRatio: number; compileRatio: number };
  search: { real: SearchScale; synthetic: SearchScale } | { skipped: string };
}

/** Runs the matcher and search figures; `quick` takes fewer repetitions. */
export async function runNodeBench({ quick = false } = {}): Promise<NodeBenchResult> {
  const longRead = articlePage(PAGE_SPECS.long);
  const real: SyntheticEntry[] = GLOSSARY.map((e) => ({ ...e, forms: [...e.forms] }));
  const big = syntheticGlossary();
  const reps = quick ? 3 : 9;
  const [realScale, bigScale] = matcherScales([real, big], longRead.segments, quick ? reps : 25) as [
    MatcherScale,
    MatcherScale,
  ];

  let search: NodeBenchResult['search'];
  let mod: SearchModule | null = null;
  try {
    mod = await import('../lib/search');
  } catch (error) {
    search = { skipped: `lib/search.ts could not be loaded: ${String(error)}` };
  }
  if (mod) {
    search = { real: searchScale(mod, real, quick ? 3 : 10), synthetic: searchScale(mod, big, quick ? 3 : 10) };
  }
  return {
    longReadChars: longRead.textChars,
    matcher: {
      real: realScale,
      synthetic: bigScale,
      scanRatio: round(bigScale.scanMs / realScale.scanMs),
      compileRatio: round((bigScale.compileMs + bigScale.firstFindMs) / (realScale.compileMs + realScale.firstFindMs)),
    },
    search: search!,
  };
}
