/**
 * Is this page about the field? Some surface forms mean something else outside it ("SCC" is also
 * squamous cell carcinoma, "ISR" Kafka's in-sync replicas, "rebalance" what index funds do), so the
 * glossary marks them `ambiguousForms`, and they are highlighted only where the text around them
 * is about the U.S.-Japan alliance. This module decides that from the text alone: string in,
 * evidence and a decision with its reasons out, so the popup can say why a term was or was not
 * highlighted. It knows nothing of the DOM (lib/page-context.ts chooses the text to read).
 *
 * The model is a sum of evidence, each kind with a weight and a cap, compared with one threshold:
 *
 *   topic  = anchors + alliance passages + other pairings + ambiguous terms − no Japan   (the scope)
 *   score  = topic + related anchors − other senses                                    (one form)
 *   keep the form when score ≥ THRESHOLD
 *
 * The weights were set by reasoning about what each kind of evidence proves, then checked on the
 * corpus in tests/corpus/ (tests/unit/corpus.test.ts), not fitted to it.
 */
import { createMatcher, matcherSources, type MatchableEntry, type Matcher, type MatcherSources } from './matcher';
import { canonicalText, formKey } from './text-normalize';

/** What the context model needs of a glossary entry. */
export interface ContextEntry {
  id: string;
  term: string;
  forms: readonly string[];
  ambiguousForms?: readonly string[];
  otherSenses?: readonly string[];
  related: readonly string[];
}

// ---- The model's constants -------------------------------------------------------------------

/**
 * Each distinct entry found through a form that needs no context: the strongest evidence, since
 * "collective self-defense" or "Security Consultative Committee" only occur in writing about the
 * field. Capped: beyond three, more of them prove nothing new.
 */
export const W_ANCHOR = 2;
export const MAX_ANCHORS = 3;
/**
 * Each passage that names Japan and the United States together and speaks of defense or security
 * ("Japan and the United States agreed to deepen defense cooperation"): the field in one sentence.
 */
export const W_ALLIANCE_PASSAGE = 1.5;
export const MAX_ALLIANCE_PASSAGES = 3;
/**
 * Each passage naming the two countries without that vocabulary: weak, because trade, markets
 * and baseball pages pair them all the time.
 */
export const W_PAIR_PASSAGE = 0.5;
export const MAX_PAIR_PASSAGES = 2;
/**
 * Each distinct entry seen only through ambiguous forms (the form being decided included): weak,
 * since an off-field page easily collects a few ("Asia-Pacific", "interim report", "guidelines").
 */
export const W_AMBIGUOUS_ENTRY = 0.5;
export const MAX_AMBIGUOUS_ENTRIES = 3;
/**
 * Each anchored entry the glossary relates to the one being decided (in either direction): "SCC"
 * beside "defense guidelines" is the committee, whatever else the page is about.
 */
export const W_RELATED = 1;
export const MAX_RELATED = 2;
/**
 * Each other sense of the entry the scope names ("squamous cell carcinoma", "Kafka"): strong
 * evidence against, but two anchors and a passage about the alliance still outweigh one.
 */
export const W_OTHER_SENSE = -3;
export const MAX_OTHER_SENSES = 2;
/**
 * A text that never names Japan (and is not written in Japanese) is about some other alliance or
 * none: NATO's "armed attack", the Syrian Democratic Forces' "SDF". Its defense vocabulary and
 * general terms ("missile defense") must not carry it over the threshold.
 */
export const W_NO_JAPAN = -3;
/**
 * The score a form needs. One anchor and two alliance passages reach it (2 + 3), as does a
 * short piece with three alliance passages and two ambiguous terms (4.5 + 1); a page pairing the
 * two countries about markets with a handful of stray terms does not (1 + 1.5).
 */
export const THRESHOLD = 4.5;
/**
 * How far apart, in characters, two mentions may stand and still be one passage: about two
 * sentences of English, several of Japanese.
 */
export const PASSAGE_CHARS = 200;

/** How a text names Japan. */
const JAPAN_NAMES = ['Japan', 'Japanese', 'Tokyo', '日本', '我が国', 'わが国'];
/** How a text names the United States ("U.S." also finds "US" and "United States"). */
const US_NAMES = ['U.S.', 'USA', 'American', 'Washington', '米国', 'アメリカ', '米軍', '米政府', '米側'];
/** Words that name both at once. */
const PAIR_NAMES = ['日米', '米日'];
/** Kana: text written in Japanese is about Japan whether or not it names it. */
const KANA = /[\u3041-\u30FA]/;
/** Vocabulary of defense and security policy, in either language. */
const FIELD_WORDS = [
  'defense',
  'military',
  'troops',
  'armed forces',
  'alliance',
  'allies',
  'allied',
  'missile',
  'navy',
  'naval',
  'warship',
  'Pentagon',
  'national security',
  'security cooperation',
  'security policy',
  'security treaty',
  '防衛',
  '安全保障',
  '安保',
  '同盟',
  '自衛隊',
  '軍事',
];

// ---- Evidence ---------------------------------------------------------------------------------

/** What a scope (a page, or a section of a long one) says about itself. */
export interface ScopeEvidence {
  /** Characters read. */
  chars: number;
  /** Entries found through forms that need no context, with how often. */
  anchors: { entryId: string; count: number }[];
  /** Ambiguous forms found, with how often. */
  ambiguous: { entryId: string; form: string; count: number }[];
  /** Passages naming Japan and the United States together with defense or security vocabulary. */
  alliancePassages: number;
  /** Passages naming them together without it. */
  pairPassages: number;
  /** Other senses named, as the glossary writes them, with how often. */
  otherSenses: { phrase: string; count: number }[];
  /** Japan is named, or the text is in Japanese. */
  japanNamed: boolean;
}

/** One kind of evidence and what it added to a score. */
export interface EvidenceLine {
  kind:
    'anchors' | 'alliance-passages' | 'pair-passages' | 'ambiguous' | 'no-japan' | 'related' | 'other-senses' | 'page';
  /** Points it added (negative for evidence against). */
  points: number;
  /** A sentence for people: "2 terms that need no context: …". */
  label: string;
}

/** Whether a scope is about the field, and why. */
export interface TopicVerdict {
  about: boolean;
  score: number;
  threshold: number;
  lines: EvidenceLine[];
}

/** Whether to highlight one ambiguous form in one scope, and why. */
export interface FormDecision {
  entryId: string;
  form: string;
  keep: boolean;
  score: number;
  threshold: number;
  lines: EvidenceLine[];
}

export interface ContextModel {
  /** True when the form (as the glossary writes it, or as matched) needs context. */
  isAmbiguous(entryId: string, form: string): boolean;
  /**
   * Reads a scope's text. `formsText`, when given, is the part of it that may hold the glossary's
   * forms (the rest, the caller knows, holds none): scanned for them instead of the whole.
   */
  evidence(text: string, formsText?: string): ScopeEvidence;
  /** Whether the scope is about the field, from its own evidence. */
  topic(evidence: ScopeEvidence): TopicVerdict;
  /**
   * Whether to highlight an ambiguous form in a scope. For a section of a long page, `page` is
   * the whole page's evidence: it counts as a prior, at PAGE_PRIOR_WEIGHT of its topic score.
   */
  decide(options: { evidence: ScopeEvidence; entryId: string; form: string; page?: ScopeEvidence }): FormDecision;
}

/**
 * How much a long page's overall topic counts in each of its sections: enough that a section
 * needs only a little evidence of its own, not so much that one story about the alliance on a
 * news front page makes every "SCC" on it the committee.
 */
export const PAGE_PRIOR_WEIGHT = 0.3;

const round = (n: number) => Math.round(n * 100) / 100;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Form keys by form: a page asks about the same few forms at every match. */
const formKeys = new Map<string, string>();
const cachedFormKey = (form: string): string => {
  let key = formKeys.get(form);
  if (key === undefined) {
    if (formKeys.size >= 5000) formKeys.clear();
    key = formKey(form);
    formKeys.set(form, key);
  }
  return key;
};
const formAt = (entryId: string, form: string) => `${entryId}\u0000${cachedFormKey(form)}`;
const SENSE = 'sense:';

/**
 * What the model looks for besides the glossary's forms, as matcher entries: the countries, the
 * field's vocabulary, and each other sense the glossary names (by its form key, so that one
 * phrase listed under two entries is one cue).
 */
export function cueEntries(entries: readonly ContextEntry[]): MatchableEntry[] {
  const phrases = new Map<string, string>();
  for (const e of entries) {
    for (const phrase of e.otherSenses ?? []) {
      const key = formKey(phrase);
      if (!phrases.has(key)) phrases.set(key, phrase);
    }
  }
  return [
    { id: 'japan', forms: JAPAN_NAMES },
    { id: 'us', forms: US_NAMES },
    { id: 'pair', forms: PAIR_NAMES },
    { id: 'field', forms: FIELD_WORDS },
    ...[...phrases].map(([key, phrase]) => ({ id: SENSE + key, forms: [phrase] })),
  ];
}

/**
 * The cue matcher's expression, built ahead of time like the glossary's (lib/glossary-parts.ts).
 * Only `main`: the model never asks the cues' mayContain.
 */
export function cueSources(entries: readonly ContextEntry[]): MatcherSources {
  return { main: matcherSources(cueEntries(entries)).main };
}

/**
 * Builds the model for a glossary. `matcher` must be the glossary's own (compiled from the same
 * entries), so the evidence is read exactly as the annotator reads the page.
 */
export function compileContextModel(entries: readonly ContextEntry[], matcher: Matcher): ContextModel {
  return createContextModel({ entries, matcher, cues: cueSources(entries) });
}

/** The model for a glossary, from its cues' expression built ahead of time (`cueSources(entries)`). */
export function createContextModel({
  entries,
  matcher,
  cues: prebuiltCues,
}: {
  entries: readonly ContextEntry[];
  matcher: Matcher;
  cues: MatcherSources;
}): ContextModel {
  const byId = new Map(entries.map((e) => [e.id, e]));
  // What follows costs a page's start milliseconds of cold script: made when first needed, at the
  // page's first match (a page without terms never needs it).
  let ambiguousSet: Set<string> | null = null;
  const ambiguousKeys = (): Set<string> => {
    if (!ambiguousSet) {
      ambiguousSet = new Set();
      for (const e of entries) for (const f of e.ambiguousForms ?? []) ambiguousSet.add(formAt(e.id, f));
    }
    return ambiguousSet;
  };
  // Related in either direction: the data lists each link once, on whichever entry was written first.
  const related = new Map<string, Set<string>>(entries.map((e) => [e.id, new Set(e.related)]));
  for (const e of entries) for (const r of e.related) related.get(r)?.add(e.id);

  // One pass over the text finds the countries, the field's vocabulary and the other senses.
  let cueParts: { cues: Matcher; sensePhrase: Map<string, string> } | null = null;
  const cueMatcher = () => {
    if (!cueParts) {
      const cueList = cueEntries(entries);
      cueParts = {
        cues: createMatcher(cueList, prebuiltCues),
        /** Each other sense's phrase, as the glossary first writes it, by its cue id's key. */
        sensePhrase: new Map(cueList.filter((c) => c.id.startsWith(SENSE)).map((c) => [c.id, c.forms[0]!])),
      };
    }
    return cueParts;
  };

  const isAmbiguous = (entryId: string, form: string) =>
    ambiguousKeys().has(formAt(entryId, matcher.formFor(form) ?? form));

  const evidence = (text: string, formsText?: string): ScopeEvidence => {
    // Folded once for both scans (or the forms' part apart); positions only measure distances
    // between mentions here.
    const canon = canonicalText(text);
    const formsCanon = formsText === undefined ? canon : canonicalText(formsText);
    const anchors = new Map<string, number>();
    const ambiguous = new Map<string, { entryId: string; form: string; count: number }>();
    for (const m of matcher.findCanonical(formsCanon)) {
      const form = matcher.formFor(formsCanon.slice(m.start, m.end)) ?? '';
      const key = formAt(m.entryId, form);
      if (ambiguousKeys().has(key)) {
        const seen = ambiguous.get(key) ?? { entryId: m.entryId, form, count: 0 };
        seen.count++;
        ambiguous.set(key, seen);
      } else anchors.set(m.entryId, (anchors.get(m.entryId) ?? 0) + 1);
    }
    const countries: { at: number; kind: 'japan' | 'us' | 'pair' }[] = [];
    const field: number[] = [];
    const senses = new Map<string, number>();
    const { cues, sensePhrase } = cueMatcher();
    for (const c of cues.findCanonical(canon)) {
      if (c.entryId === 'japan' || c.entryId === 'us' || c.entryId === 'pair') {
        countries.push({ at: c.start, kind: c.entryId });
      } else if (c.entryId === 'field') field.push(c.start);
      else {
        const phrase = sensePhrase.get(c.entryId);
        if (phrase) senses.set(phrase, (senses.get(phrase) ?? 0) + 1);
      }
    }
    const { alliance, pairs } = countPassages(countries, field);
    return {
      chars: text.length,
      anchors: [...anchors].map(([entryId, count]) => ({ entryId, count })),
      ambiguous: [...ambiguous.values()],
      alliancePassages: alliance,
      pairPassages: pairs,
      otherSenses: [...senses].map(([phrase, count]) => ({ phrase, count })),
      japanNamed: countries.some((c) => c.kind !== 'us') || KANA.test(text),
    };
  };

  const termOf = (id: string) => byId.get(id)?.term ?? id;

  /** Verdicts by evidence: a long page asks for its page-wide verdict once per section and form. */
  const topics = new WeakMap<ScopeEvidence, TopicVerdict>();
  const topic = (ev: ScopeEvidence): TopicVerdict => {
    let verdict = topics.get(ev);
    if (!verdict) {
      verdict = judgeTopic(ev);
      topics.set(ev, verdict);
    }
    return verdict;
  };
  const judgeTopic = (ev: ScopeEvidence): TopicVerdict => {
    const lines: EvidenceLine[] = [];
    const anchors = [...ev.anchors].sort((a, b) => b.count - a.count);
    if (anchors.length) {
      lines.push({
        kind: 'anchors',
        points: W_ANCHOR * Math.min(anchors.length, MAX_ANCHORS),
        label: `${plural(anchors.length, 'term')} that ${anchors.length === 1 ? 'needs' : 'need'} no context: ${listOf(
          anchors.map((a) => (a.count > 1 ? `${termOf(a.entryId)} ×${a.count}` : termOf(a.entryId))),
        )}`,
      });
    }
    if (ev.alliancePassages) {
      lines.push({
        kind: 'alliance-passages',
        points: W_ALLIANCE_PASSAGE * Math.min(ev.alliancePassages, MAX_ALLIANCE_PASSAGES),
        label: `Japan and the United States named together with defense or security words, in ${plural(ev.alliancePassages, 'passage')}`,
      });
    }
    if (ev.pairPassages) {
      lines.push({
        kind: 'pair-passages',
        points: W_PAIR_PASSAGE * Math.min(ev.pairPassages, MAX_PAIR_PASSAGES),
        label: `Japan and the United States named together on other subjects, in ${plural(ev.pairPassages, 'passage')}`,
      });
    }
    const ambiguousIds = [...new Set(ev.ambiguous.map((a) => a.entryId))];
    if (ambiguousIds.length) {
      lines.push({
        kind: 'ambiguous',
        points: W_AMBIGUOUS_ENTRY * Math.min(ambiguousIds.length, MAX_AMBIGUOUS_ENTRIES),
        label: `${plural(ambiguousIds.length, 'term')} that ${ambiguousIds.length === 1 ? 'depends' : 'depend'} on context: ${listOf(
          [...new Set(ev.ambiguous.map((a) => a.form))].map((f) => `“${f}”`),
        )}`,
      });
    }
    if (!ev.japanNamed) lines.push({ kind: 'no-japan', points: W_NO_JAPAN, label: 'Japan is never named' });
    const score = round(lines.reduce((sum, l) => sum + l.points, 0));
    return { about: score >= THRESHOLD, score, threshold: THRESHOLD, lines };
  };

  const decide = ({
    evidence: ev,
    entryId,
    form,
    page,
  }: {
    evidence: ScopeEvidence;
    entryId: string;
    form: string;
    page?: ScopeEvidence;
  }): FormDecision => {
    const canonical = matcher.formFor(form) ?? form;
    // A section need not name Japan itself when the page does.
    const lines = topic(ev).lines.filter((l) => !(l.kind === 'no-japan' && page?.japanNamed));
    if (page) {
      const prior = topic(page);
      lines.push({
        kind: 'page',
        points: round(PAGE_PRIOR_WEIGHT * prior.score),
        label: `The page as a whole scores ${prior.score} (counted at ${PAGE_PRIOR_WEIGHT * 100}% in each section)`,
      });
    }
    const mine = related.get(entryId) ?? new Set<string>();
    const near = ev.anchors.filter((a) => mine.has(a.entryId)).map((a) => a.entryId);
    if (near.length) {
      lines.push({
        kind: 'related',
        points: W_RELATED * Math.min(near.length, MAX_RELATED),
        label: `Related terms nearby: ${listOf(near.map(termOf))}`,
      });
    }
    const senses = new Set((byId.get(entryId)?.otherSenses ?? []).map(cachedFormKey));
    const against = ev.otherSenses.filter((s) => senses.has(cachedFormKey(s.phrase))).map((s) => s.phrase);
    if (against.length) {
      lines.push({
        kind: 'other-senses',
        points: W_OTHER_SENSE * Math.min(against.length, MAX_OTHER_SENSES),
        label: `Names another meaning: ${listOf(against.map((p) => `“${p}”`))}`,
      });
    }
    const score = round(lines.reduce((sum, l) => sum + l.points, 0));
    return { entryId, form: canonical, keep: score >= THRESHOLD, score, threshold: THRESHOLD, lines };
  };

  return { isAmbiguous, evidence, topic, decide };
}

/**
 * Counts passages where Japan and the United States are named within PASSAGE_CHARS of each other
 * (a word naming both, "日米", is a passage by itself), and how many of them have field vocabulary
 * within the same distance. Passages do not overlap: a long paragraph repeating both names is one
 * passage per PASSAGE_CHARS, not one per mention.
 */
export function countPassages(
  countries: readonly { at: number; kind: 'japan' | 'us' | 'pair' }[],
  field: readonly number[],
): { alliance: number; pairs: number } {
  const sorted = [...countries].sort((a, b) => a.at - b.at);
  let alliance = 0;
  let pairs = 0;
  let lastPassage = -Infinity;
  let lastJapan = -Infinity;
  let lastUs = -Infinity;
  for (const c of sorted) {
    if (c.kind !== 'us') lastJapan = c.at;
    if (c.kind !== 'japan') lastUs = c.at;
    const paired = c.kind === 'pair' || Math.abs(lastJapan - lastUs) <= PASSAGE_CHARS;
    if (!paired || c.at - lastPassage <= PASSAGE_CHARS) continue;
    lastPassage = c.at;
    const from = Math.min(lastJapan, lastUs) - PASSAGE_CHARS;
    const to = c.at + PASSAGE_CHARS;
    if (field.some((f) => f >= from && f <= to)) alliance++;
    else pairs++;
  }
  return { alliance, pairs };
}

/** "a", "a and b", "a, b and c"; long lists end in "and n more". */
function listOf(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
