/**
 * Glossary-scale figures in Node: how compiling and scanning with the matcher, and searching from
 * the popup, grow from the real glossary (50 entries) to a synthetic one of 5,000 entries and
 * 10,000 surface forms (the figures themselves: bench/scale.ts). The same inputs go to each
 * browser's page too (bench/scale-page.ts).
 *
 * bench/run.ts runs this first, before any browser starts, so that they do not compete for the CPU
 * (`vite-node bench/run.ts --node-only` runs just this part).
 */
import { GLOSSARY_CORE as GLOSSARY } from '../lib/glossary-core';
import { PAGE_SPECS, VOCAB, articlePage, createRng } from './pages';
import { scaleFigures, type ScaleInputs, type ScaleResult, type SearchModule, type SyntheticEntry } from './scale';

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

/** The real glossary, the synthetic one and the long read's blocks, as every scale run uses them. */
export function scaleInputs(): ScaleInputs {
  const longRead = articlePage(PAGE_SPECS.long);
  return {
    real: GLOSSARY.map((e) => ({ ...e, forms: [...e.forms] })),
    big: syntheticGlossary(),
    segments: longRead.segments,
    longReadChars: longRead.textChars,
  };
}

export type NodeBenchResult = ScaleResult;

/** Runs the matcher and search figures in Node on `inputs`; `quick` takes fewer repetitions. */
export async function runNodeBench(inputs: ScaleInputs, { quick = false } = {}): Promise<NodeBenchResult> {
  let search: SearchModule | { skipped: string };
  try {
    search = await import('../lib/search');
  } catch (error) {
    search = { skipped: `lib/search.ts could not be loaded: ${String(error)}` };
  }
  return scaleFigures(inputs, { quick, search });
}
