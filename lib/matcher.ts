import { splitAtoms, trieAlternation } from './regex-trie';
import {
  canonicalize,
  canonicalText,
  formKey,
  INVISIBLES_CLASS,
  normalizeText,
  type OffsetMap,
} from './text-normalize';

/** What the matcher needs of a glossary entry. */
export interface MatchableEntry {
  id: string;
  forms: readonly string[];
}

/** One occurrence of a surface form in a string. `end` is exclusive. */
export interface TermMatch {
  start: number;
  end: number;
  entryId: string;
}

export interface Matcher {
  /** Every non-overlapping occurrence in `text`, leftmost first, longest wins at a position. */
  find(text: string): TermMatch[];
  /**
   * The same for text already in canonical form (`canonicalText`), with offsets in it: for a
   * reader that needs what was found and roughly where, not offsets in the page's text (the
   * context model), and that scans one text with two matchers (it is folded once, and no offset
   * map is built).
   */
  findCanonical(canon: string): TermMatch[];
  /** The entry a piece of matched text belongs to, if any. */
  entryFor(text: string): string | undefined;
  /** The surface form, as the glossary writes it, that a piece of matched text is. */
  formFor(text: string): string | undefined;
  /**
   * False only when `text` holds no occurrence anywhere, even read without word boundaries: a
   * quick test for text joined across blocks (an element's `textContent`), where the letters
   * of a neighbouring block may stand right against a term. True may be a false alarm.
   */
  mayContain(text: string): boolean;
}

// A term must not touch a Latin letter or digit on either side ("SCC" not in "SCCA", "2+2" not
// in "12+24"); CJK text around a term is fine ("ISRの強化"). Matching runs on canonical text
// (lib/text-normalize.ts), so full-width letters, dashes and spacing are already folded.
const WORDISH = 'A-Za-z0-9\\u00C0-\\u024F';
const BEFORE = `(?<![${WORDISH}])`;
const AFTER = `(?![${WORDISH}])`;
const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]/u;
// Plural and possessive endings an English form may carry: "bases", "SCC's", "allies'".
const SUFFIX = "(?:es|s|'s?)?";

/** Distinct matched strings remembered with their lookup key. */
const MEMO_SIZE = 5000;

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * Case is ignored by lower-casing both the expression and the text, not with the `i` flag: V8
 * compiles a case-insensitive expression of a few hundred forms about 2.5 times slower (every
 * letter a class of two), and it compiles each of ours on every page, on first use. Escapes stay
 * as written (none of ours is a letter class like \S; \u hex digits may take either case).
 */
function lowerSource(source: string): string {
  return source.replace(/\\[\s\S]|[^\\]+/g, (t) => (t[0] === '\\' ? t : t.toLowerCase()));
}

/**
 * The copy of canonical text the expressions scan: lower-cased, with each hyphen read as a space
 * (so "capacity-building" is "capacity building", as the glossary's keys have it), and of the same
 * length, so that offsets found in it are offsets in `text`.
 */
function scannedText(text: string): string {
  if (text === lastScanned.text) return lastScanned.lower;
  const lower = lowerAndSpaced(text);
  lastScanned = { text, lower };
  return lower;
}
/** The last copy made: the context model scans each text with two matchers, the glossary's and its cues'. */
let lastScanned = { text: '', lower: '' };

function lowerAndSpaced(text: string): string {
  let lower = text.toLowerCase();
  // "İ" lower-cases to two characters: such a character keeps its case (and is not matched).
  if (lower.length !== text.length) {
    lower = text.replace(/[\s\S]/g, (c) => {
      const l = c.toLowerCase();
      return l.length === 1 ? l : c;
    });
  }
  return lower.includes('-') ? lower.replace(/-/g, ' ') : lower;
}

// One country, three spellings: a form written with any of them matches the others ("U.S.-Japan
// alliance" finds "US–Japan alliance" and "United States-Japan alliance"), so the data lists one.
const US_NAME = /(?<![A-Za-z.])(?:U\.S\.|US|United States)(?![A-Za-z])/;
const US_ALTERNATIVES = '(?:U\\.S\\.|US|United States)';
// In a key: before case-folding, so that "US" is the country and "us" stays a pronoun.
const US_NAMES_G = new RegExp(US_NAME.source, 'g');

const US_NAME_SPLIT = new RegExp(`(${US_NAME.source})`);

/** Regular-expression source for one canonical piece of a form (no hyphens in it). */
function pieceBody(piece: string): string {
  // Each step only where it can change something: a glossary of 10,000 forms is shaped in Node's
  // benchmark, and most pieces name no country, no defence, no co-operation and no plus.
  let body = US_NAME.test(piece)
    ? piece
        .split(US_NAME_SPLIT)
        .map((part, i) => (i % 2 === 1 ? US_ALTERNATIVES : escapeRe(part)))
        .join('')
    : escapeRe(piece);
  if (DEFENCE_OR_COOPERATION.test(body)) {
    body = body.replace(/(defen)[sc](e)/gi, '$1[sc]$2').replace(/(co)(operation)/gi, '$1 ?$2');
  }
  return body.includes('+') ? body.replace(/ ?\\\+ ?/g, ' ?\\+ ?') : body;
}
const DEFENCE_OR_COOPERATION = /defen[sc]e|cooperation/i;

/**
 * Regular-expression source for one canonical surface form, without boundaries, as it reads the
 * scanned text (scannedText: lower-cased, hyphens read as spaces). Words a form joins with a
 * hyphen or a space match either way ("self defense", "capacity-building"); a hyphen may also end
 * a line in the page's source ("Self-⏎Defense", folded to "self  defense"); spacing is otherwise
 * one space. A plus may have spaces around it ("2 + 2"); British "co-operation" is "cooperation".
 */
export function formBody(n: string): string {
  return n.split('-').map(pieceBody).join('  ?');
}

/** The key a form or a matched text is looked up under: its form key with spellings unified. */
function lookupKey(text: string): string {
  return formKey(text.replace(US_NAMES_G, 'U.S.').replace(/- /g, '-'))
    .replace(/ ?\+ ?/g, '+')
    .replace(/\b(co) (operation)/gi, '$1$2');
}

/** Keys a matched string may be found under: itself, then without a plural or possessive ending. */
function candidateKeys(text: string): string[] {
  const n = normalizeText(text);
  const keys = [lookupKey(n)];
  for (const end of ["'s", "'", 'es', 's']) {
    if (n.toLowerCase().endsWith(end)) keys.push(lookupKey(n.slice(0, -end.length)));
  }
  return keys;
}

/**
 * The expressions a glossary's matcher scans with, as sources: built once when the extension is
 * built (lib/glossary-parts.ts serves them for the bundled glossary), since shaping a few hundred
 * forms into tries costs a page tens of milliseconds of cold script.
 *
 * Each is a list of parts, one for a glossary the size of ours: V8 (and SpiderMonkey, which uses
 * its irregexp) compiles an expression whose source is longer than 20,480 characters without its
 * optimisations, and such an expression scans 3 times slower (Node, the long read: the real
 * glossary's main expression padded to 20,480 characters 2.0 ms, to 20,600 5.9 ms). A larger
 * glossary gets several parts of at most `MAX_PART_CHARS`, each holding the forms that begin
 * with some characters, the forms bounded by word characters first (the whole expression's first
 * alternative), then the others. Within each, forms beginning with different characters never
 * match at one position; where a bounded part and another match at one, the one listed first
 * wins, as in the whole expression: so the parts' matches, merged by position, are its matches.
 */
export interface MatcherSources {
  /** Every form, with word boundaries and endings; lower-cased (case is ignored, see lowerSource). */
  main: string[];
  /**
   * Every form without boundaries or endings, for mayContain; lower-cased too. Without it,
   * mayContain always says "maybe" (the context model's cues never ask).
   */
  loose?: string[];
  /**
   * The first SIEVE_ATOMS atoms of each loose form, for mayContain's sieve (a long text read as
   * the page has it); where it hits, the loose expression says whether a form is there. Without
   * it, every text is folded for the test.
   */
  sieve?: string[];
}

/** The longest source of one part: the longest V8 optimises. */
export const MAX_PART_CHARS = 20_480;

/**
 * The character a lower-cased form expression's match begins with: its first atom, or the first
 * atom of a leading group whose alternatives all begin with it (formBody's spellings of the
 * United States, which all begin with "u").
 */
function leadOf(body: string): string {
  const match = /^(?:\(\?:)?(\\?[\s\S])/.exec(lowerSource(body));
  return match?.[1] ?? '';
}

/** Items grouped by their lead, in the order the leads first come (each group in the items' order). */
function byLead<T>(items: readonly T[], leadOfItem: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const lead = leadOfItem(item);
    const group = groups.get(lead);
    if (group) group.push(item);
    else groups.set(lead, [item]);
  }
  return groups;
}

/**
 * `pieces` (one lead's forms each, shaped) as one source, `compose`d of them all, or, when that
 * `measure`s over `max`, as parts of consecutive pieces, each as long as stays within `max` (a
 * piece longer than that alone is a part of its own). Each lead's forms are shaped once: forms
 * with different leads share no prefix, so the trie of them all is the alternation of each
 * lead's trie, and its order among them matters to no match.
 */
function partsOf(
  pieces: readonly string[],
  compose: (pieces: readonly string[]) => string,
  measure: (source: string) => number,
  max: number,
): string[] {
  if (!pieces.length) return [];
  const whole = compose(pieces);
  if (measure(whole) <= max) return [whole];
  const parts: string[] = [];
  let current: string[] = [];
  for (const piece of pieces) {
    if (current.length && measure(compose([...current, piece])) > max) {
      parts.push(compose(current));
      current = [];
    }
    current.push(piece);
  }
  parts.push(compose(current));
  return parts;
}

/**
 * The expressions for every surface form of every entry: `main`, scanned once over canonical text
 * (in parts for a glossary too large for one expression, see MatcherSources), and `loose`, for
 * mayContain. `maxPartChars` is for tests, which split the real glossary.
 */
export function matcherSources(
  entries: readonly MatchableEntry[],
  { maxPartChars = MAX_PART_CHARS }: { maxPartChars?: number } = {},
): MatcherSources {
  /** Forms bounded by word characters: each canonical form with its expression. */
  const bounded: { n: string; body: string }[] = [];
  /** The other forms: each one's body (what its match begins with) and whole expression. */
  const free: { body: string; source: string }[] = [];
  /** Every form's expression without boundaries or endings, for mayContain. */
  const loose: string[] = [];
  for (const entry of entries) {
    for (const form of entry.forms) {
      const n = normalizeText(form);
      if (CJK.test(n)) {
        free.push({ body: escapeRe(n), source: escapeRe(n) });
        loose.push(escapeRe(n));
        continue;
      }
      const body = formBody(n);
      loose.push(body);
      const startsWord = /^[A-Za-z0-9]/.test(n);
      const endsLetter = /[A-Za-z]$/.test(n);
      const endsWord = /[A-Za-z0-9.]$/.test(n);
      if (startsWord && endsLetter) bounded.push({ n, body });
      else {
        const source = `${startsWord ? BEFORE : ''}${body}${endsLetter ? SUFFIX : ''}${endsWord ? AFTER : ''}`;
        free.push({ body, source });
      }
    }
  }
  // Longer forms first: at one position the regex takes the first alternative that matches.
  const byLength = (a: string, b: string) => b.length - a.length;
  bounded.sort((a, b) => byLength(a.n, b.n));
  free.sort((a, b) => byLength(a.source, b.source));
  loose.sort(byLength);

  // Each alternation is shaped as a trie (lib/regex-trie.ts): the engine then tries one branch per
  // distinct first character at a position instead of every form.
  const boundedPieces = [...byLead(bounded, (b) => leadOf(b.body)).values()].map((group) =>
    trieAlternation(group.map((b) => b.body)),
  );
  const freePieces = [...byLead(free, (f) => leadOf(f.body)).values()].map((group) =>
    trieAlternation(group.map((f) => f.source)),
  );
  // Forms that start with a word character and end with a letter share one set of boundaries,
  // so the engine checks the boundary once per position, not once per form.
  const boundedOf = (pieces: readonly string[]) =>
    pieces.length ? lowerSource(`${BEFORE}(?:${pieces.join('|')})${SUFFIX}${AFTER}`) : '';
  /** Pieces as one alternation, as the other forms' and the loose expression's parts are. */
  const alternation = (pieces: readonly string[]) => lowerSource(pieces.join('|'));
  const length = (source: string) => source.length;
  const whole = [boundedOf(boundedPieces), alternation(freePieces)].filter(Boolean).join('|');
  // Too long for one expression: the bounded forms' parts, then the others' (see MatcherSources).
  const main =
    whole.length > maxPartChars
      ? [
          ...partsOf(boundedPieces, boundedOf, length, maxPartChars),
          ...partsOf(freePieces, alternation, length, maxPartChars),
        ]
      : [whole].filter(Boolean);
  const loosePieces = [...byLead(loose, leadOf).values()].map(trieAlternation);
  const prefixes = [...new Set(loose.map(sievePrefix))].sort(byLength);
  const sievePieces = [...byLead(prefixes, leadOf).values()].map(trieAlternation);
  const asSieve = (source: string) => sieveSource(source).length;
  return {
    main,
    loose: partsOf(loosePieces, alternation, length, maxPartChars),
    // Measured as the expression made of it (sieveSource), which is what mayContain compiles.
    sieve: partsOf(sievePieces, alternation, asSieve, maxPartChars),
  };
}

/**
 * Atoms of each form the sieve keeps: enough that it rarely hits text without a term, few enough
 * that it compiles in a fraction of the whole forms' time. Many forms begin with a common word
 * ("security", "national", "right to"): over 2.3 MB of English (packages' READMEs) 12 atoms hit 45
 * times a megabyte, 8 atoms 455 times. Compiled in a page, the glossary's sieve of 12 atoms (3,340
 * characters) took 0.7-1.1 ms against 3.3-9.6 ms for the whole forms' (10,353) in Chromium, 1 ms
 * against 2-4 ms in Firefox; the scan is as fast.
 */
export const SIEVE_ATOMS = 12;

/** A loose form's first SIEVE_ATOMS atoms, without a gap at the end (the sieve's gaps need a character). */
function sievePrefix(body: string): string {
  const atoms = splitAtoms(body).slice(0, SIEVE_ATOMS);
  while (atoms.length && atoms[atoms.length - 1]!.startsWith(' ')) atoms.pop();
  return atoms.join('');
}

/**
 * A text at least this long is tested by `mayContain` as it is, with the sieve (below), not folded
 * and lower-cased first. The fold and the lower-casing cost 20-30 ms per megabyte of text (Chromium
 * and Firefox) and the sieve's case-insensitive expression a millisecond or so more to compile, once:
 * a page's whole text, tested in 64 K chunks, gains; a paragraph would not.
 */
export const SIEVE_MIN_CHARS = 50_000;
/**
 * Once this many characters have been folded for the test, every text is tested with the sieve:
 * on a page of many paragraphs (the 7 MB archive's 12,000 leaves) folding each costs more than the
 * sieve's compiles (one per string representation, Latin-1 or not, as for any expression). A/B, 8
 * loads: the archive's work 308 -> 287 ms in Chromium (its reading 210 -> 185), 673 -> 653 in
 * Firefox. Not sooner: with the sieve for every text once compiled, the long read (300 K) took
 * 12 -> 18 ms to read, its paragraphs meeting the sieve's compile for Latin-1 text anew.
 */
export const SIEVE_AFTER_CHARS = 512_000;

/**
 * The most characters a form's match can take in folded text: the form with every gap doubled
 * (a hyphen ending a line), "United States" for "US", spaces around a plus (a unit test checks
 * each of the glossary's forms against it).
 */
export function foldedReach(form: string): number {
  return 2 * normalizeText(form).length + 20;
}

/**
 * Text the sieve cannot read as the fold would: characters the fold replaces or drops other than
 * whitespace, dashes and apostrophes (full-width ASCII, half-width katakana, invisibles), and the
 * few whose lower case a case-insensitive expression does not equate with them (the Kelvin sign
 * is "k" to toLowerCase, not to /k/i). Such a text is folded first, as any short one.
 */
const SIEVE_UNSAFE = new RegExp(
  `[\\uFF01-\\uFF5E\\uFF61-\\uFF9F${INVISIBLES_CLASS}\\u0130\\u03F4\\u1E9E\\u1F80-\\u1FFF\\u2126\\u212A\\u212B]`,
);
/**
 * Any whitespace or dash (DASHES, as ranges: the expression is compiled on every page). The dashes
 * are the characters themselves in the expression, not escapes: the gap stands at every space of
 * every form, and escaped it took the real glossary's sieve, when it held whole forms, to 20,468
 * characters, 12 under the length past which V8 stops optimising an expression (MatcherSources);
 * as characters, 10,353 (3,340 now that it holds their first atoms).
 */
const SIEVE_GAP = '[\\s\\-\u2010-\u2014\u2212\ufe63\uff0d]';
/** Any apostrophe (APOSTROPHES), also as the characters themselves. */
const SIEVE_APOSTROPHE = "['\u2018\u2019\u02bc\uff07]";

/**
 * A loose expression (of the forms' first atoms: MatcherSources.sieve) made to read a page's text
 * unfolded, with the `i` flag: wherever a form has a gap (a space, an optional space, a hyphen read
 * as a space), any run of whitespace and dashes; for an apostrophe, any apostrophe. It hits
 * wherever the loose expression would in the folded, lower-cased text (in text `SIEVE_UNSAFE`
 * passes), and a little more (a gap of three dashes, say): `mayContain` folds the text from each
 * hit and tests it as a short text is.
 * Spaces in the loose source are only ever literal atoms, quantified by `?` or not (lib/regex-trie.ts
 * makes no character classes, and formBody's only class is `[sc]`).
 */
export function sieveSource(loose: string): string {
  return loose
    .replace(/(?: \??)+/g, (run) => (run.replace(/ \?/g, '') ? `${SIEVE_GAP}+` : `${SIEVE_GAP}*`))
    .replace(/'/g, SIEVE_APOSTROPHE);
}

/**
 * Compiles every surface form of every entry into one matcher: a single regular expression (a few,
 * for a glossary too large for one) scanned once over canonical text. Acronyms are matched
 * case-sensitively by checking the matched text's case against the form it came from.
 */
export function compileMatcher(entries: readonly MatchableEntry[], options?: { maxPartChars?: number }): Matcher {
  return createMatcher(entries, matcherSources(entries, options));
}

/**
 * The matcher for `entries` from their expressions built ahead of time (`sources` must be
 * `matcherSources(entries)`, or without `loose`): what the content script does, so that it carries
 * neither the building of the expressions nor its cost.
 */
export function createMatcher(entries: readonly MatchableEntry[], sources: MatcherSources): Matcher {
  /**
   * Each form's entry and the form reported, by lookup key; made when first asked for (a page
   * without terms never asks, and a few hundred keys cost a page's start milliseconds).
   */
  let keys: { owner: Map<string, string>; formOf: Map<string, string> } | null = null;
  const lookup = () => {
    if (keys) return keys;
    keys = { owner: new Map(), formOf: new Map() };
    for (const entry of entries) {
      for (const form of entry.forms) {
        // The first form listed under a key is the one reported (data lists the usual spelling first).
        const key = lookupKey(form);
        if (!keys.owner.has(key)) {
          keys.owner.set(key, entry.id);
          keys.formOf.set(key, form);
        }
      }
    }
    return keys;
  };
  const parts = sources.main.map((source) => new RegExp(source, 'g'));

  /** The key a matched text is found under, if any. Memoised: a page repeats its terms. */
  const memo = new Map<string, string | null>();
  const keyOf = (text: string): string | undefined => {
    let key = memo.get(text);
    if (key === undefined) {
      const { owner } = lookup();
      key = null;
      for (const k of candidateKeys(text)) {
        if (owner.has(k)) key = k;
        else if (owner.has(k.toLowerCase())) key = k.toLowerCase();
        if (key !== null) break;
      }
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(text, key);
    }
    return key ?? undefined;
  };
  const entryFor = (text: string): string | undefined => {
    const key = keyOf(text);
    return key === undefined ? undefined : lookup().owner.get(key);
  };
  const formFor = (text: string): string | undefined => {
    const key = keyOf(text);
    return key === undefined ? undefined : lookup().formOf.get(key);
  };

  /**
   * Every match in `canon` (canonical text), reported through `emit` with canonical offsets.
   * An apostrophe is a possessive only after a plural "s" ("the allies' bases"); otherwise it
   * closes a quotation (‘SCC’) and stays out of the highlight.
   */
  const scan = (canon: string, emit: (startC: number, endC: number, entryId: string) => void) => {
    const lower = scannedText(canon);
    /** Each part's next match at or after where the scan stands. */
    const next = parts.map((re) => {
      re.lastIndex = 0;
      return re.exec(lower);
    });
    for (;;) {
      let first = -1;
      for (let i = 0; i < next.length; i++) {
        const m = next[i];
        if (m && (first < 0 || m.index < next[first]!.index)) first = i;
      }
      if (first < 0) return;
      const m = next[first]!;
      const length = m[0].length;
      if (length) {
        let found = canon.slice(m.index, m.index + length);
        if (found.endsWith("'") && !found.endsWith("s'")) found = found.slice(0, -1);
        const id = entryFor(found);
        if (id !== undefined) emit(m.index, m.index + found.length, id);
      }
      // The scan goes on after the match (one character on after an empty one), in every part
      // whose next match began before that.
      const resume = m.index + (length || 1);
      for (let i = 0; i < next.length; i++) {
        if (next[i] && next[i]!.index < resume) {
          parts[i]!.lastIndex = resume;
          next[i] = parts[i]!.exec(lower);
        }
      }
    }
  };

  const looseSources = sources.loose;
  const sieveSources = sources.sieve;
  let looseParts: RegExp[] | null = null;
  let sieveParts: RegExp[] | null = null;
  /** The loose expression anchored where a sieve hit begins. */
  let stickyParts: RegExp[] | null = null;
  /** True when the form a loose hit shows, or a shorter one it begins with, is an entry's. */
  const isEntryText = (hit: string): boolean => {
    // An acronym's letters in the wrong case ("isr" in "disrupt") are no hit, but they may hide
    // a shorter form the loose expression did not try at that position.
    for (let k = hit.length; k > 0; k--) if (entryFor(hit.slice(0, k)) !== undefined) return true;
    return false;
  };
  /**
   * True when `re` hits an entry's form in `scanned`: each hit is checked by `isForm`; a false
   * alarm ("isr" in "disrupt") moves the search one character on.
   */
  const hitsEntry = (re: RegExp, scanned: string, isForm: (start: number, end: number) => boolean): boolean => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(scanned)) !== null) {
      if (!m[0].length) return false; // an empty form (none is written)
      if (isForm(m.index, m.index + m[0].length)) return true;
      re.lastIndex = m.index + 1;
    }
    return false;
  };
  /** Folded characters a window must hold to take in any form's folded match (see foldedFrom). */
  let reach = -1;
  /** `text` folded from `at` on, as far as any form's folded match could reach (foldedReach). */
  const foldedFrom = (text: string, at: number): string => {
    if (reach < 0) {
      for (const entry of entries) for (const form of entry.forms) reach = Math.max(reach, foldedReach(form));
    }
    for (let chars = 2 * reach; ; chars *= 2) {
      const canon = canonicalText(text.slice(at, at + chars));
      if (canon.length >= reach || at + chars >= text.length) return canon;
    }
  };
  /** True when a form the loose expression takes begins at `at`, as the folded test reads it. */
  const formAt = (text: string, at: number): boolean => {
    const canon = foldedFrom(text, at);
    const scanned = lowerAndSpaced(canon);
    stickyParts ??= looseSources!.map((source) => new RegExp(source, 'y'));
    return stickyParts.some((re) => {
      re.lastIndex = 0;
      const m = re.exec(scanned);
      return m !== null && m[0].length > 0 && isEntryText(canon.slice(0, m[0].length));
    });
  };
  /** Characters folded for the test so far (see SIEVE_AFTER_CHARS). */
  let folded = 0;
  const mayContain = (text: string): boolean => {
    if (looseSources === undefined) return true;
    if (
      sieveSources !== undefined &&
      (text.length >= SIEVE_MIN_CHARS || folded >= SIEVE_AFTER_CHARS) &&
      !SIEVE_UNSAFE.test(text)
    ) {
      // Read as the page has it, not folded and lower-cased first (see sieveSource); where the
      // sieve hits, the text from there is folded and tested as a short text is.
      sieveParts ??= sieveSources.map((source) => new RegExp(sieveSource(source), 'gi'));
      return sieveParts.some((re) => hitsEntry(re, text, (start) => formAt(text, start)));
    }
    folded += text.length;
    looseParts ??= looseSources.map((source) => new RegExp(source, 'g'));
    const canon = canonicalText(text);
    const scanned = scannedText(canon);
    return looseParts.some((re) => hitsEntry(re, scanned, (start, end) => isEntryText(canon.slice(start, end))));
  };

  const toOriginal = (text: string, map: OffsetMap | null, startC: number, endC: number, entryId: string) =>
    map ? { start: map.at(startC), end: originalEnd(text, map, endC), entryId } : { start: startC, end: endC, entryId };

  return {
    entryFor,
    formFor,
    mayContain,
    find(text: string): TermMatch[] {
      const { text: canon, map } = canonicalize(text);
      const out: TermMatch[] = [];
      scan(canon, (s, e, id) => out.push(toOriginal(text, map, s, e, id)));
      return out;
    },
    findCanonical(canon: string): TermMatch[] {
      const out: TermMatch[] = [];
      scan(canon, (start, end, entryId) => out.push({ start, end, entryId }));
      return out;
    },
  };
}

const TRAILING_SKIPPED = new RegExp(`[\\s${INVISIBLES_CLASS}]`);

/**
 * Where a match ending at canonical offset `endC` ends in the original: where the next canonical
 * character starts, less any whitespace or invisibles the fold dropped in between. (The last
 * character's own start plus one would cut a kana joined from two half-width characters in two.)
 */
function originalEnd(text: string, map: OffsetMap, endC: number): number {
  let end = endC < map.length ? map.at(endC) : text.length;
  const last = map.at(endC - 1);
  while (end > last + 1 && TRAILING_SKIPPED.test(text.charAt(end - 1))) end--;
  return end;
}
