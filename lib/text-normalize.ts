/**
 * Text normalisation shared by the matcher, the glossary checks and the search index, so that
 * "U.S.–Japan" and "U.S.-Japan", or "２＋２" and "2+2", are one form everywhere.
 */

/** Every dash a writer may put inside a compound term. */
export const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D';
/** Every apostrophe or single quote a writer may use in a possessive. */
export const APOSTROPHES = "'\u2019\u2018\u02BC\uFF07";

/**
 * Characters that take no space and say nothing: soft hyphens, zero-width spaces and joiners, word
 * joiners, BOMs. CMSs and hyphenators put them inside words ("deter\u00ADrence"); they are dropped.
 */
export const INVISIBLES = '\u00AD\u200B\u200C\u200D\u2060\uFEFF';
/**
 * The same as a character-class body of escapes: a class holding a raw zero-width joiner would read
 * as one joined character (eslint no-misleading-character-class).
 */
export const INVISIBLES_CLASS = '\\u00AD\\u200B-\\u200D\\u2060\\uFEFF';

const dashRe = new RegExp(`[${DASHES}]`, 'g');
const invisibleRe = new RegExp(`[${INVISIBLES_CLASS}]`, 'g');
const apostropheRe = new RegExp(`[${APOSTROPHES}]`, 'g');

/** NFKC-folds full- and half-width forms, unifies dashes, apostrophes and spacing, drops invisibles. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(invisibleRe, '')
    .replace(dashRe, '-')
    .replace(apostropheRe, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** True for a form matched case-sensitively: no lower-case letter, at least one upper-case one. */
export function isCaseSensitiveForm(form: string): boolean {
  return /\p{Lu}/u.test(form) && !/\p{Ll}/u.test(form);
}

/**
 * The key under which a surface form is looked up: normalised, hyphens read as spaces, British
 * spelling read as American, and case-folded unless the form is case-sensitive. Two forms with
 * one key are one form.
 */
export function formKey(form: string): string {
  const n = normalizeText(form)
    .replace(/-/g, ' ')
    .replace(/defenc(?=e)/gi, (m) => m.slice(0, -1) + (m.endsWith('C') ? 'S' : 's'));
  return isCaseSensitiveForm(n) ? n : n.toLowerCase();
}

/** Where each character of a canonical text came from in the original. */
export interface OffsetMap {
  /** The canonical text's length. */
  readonly length: number;
  /** Index in the original of canonical character `c` (0 <= c < length). */
  at(c: number): number;
}

/** Text in the matcher's canonical form, with where each of its characters came from. */
export interface CanonicalText {
  text: string;
  /** Canonical offsets to original ones; null when the two texts are identical. */
  map: OffsetMap | null;
}

/**
 * An offset map kept as runs rather than one entry per character: the canonical text is built
 * of copied slices (offsets shift by a constant) and folded runs (a run that kept its length
 * maps character to character; one that shrank maps every character to its start). Building it
 * costs one entry per fold, and matches, the only offsets ever looked up, are rare.
 */
function runMap(length: number, cStarts: number[], oStarts: number[], sameLength: boolean[]): OffsetMap {
  return {
    length,
    at(c: number): number {
      let lo = 0;
      let hi = cStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (cStarts[mid]! <= c) lo = mid;
        else hi = mid - 1;
      }
      return sameLength[lo] ? oStarts[lo]! + (c - cStarts[lo]!) : oStarts[lo]!;
    },
  };
}

// Characters the fold changes besides whitespace: full-width ASCII, half-width katakana,
// invisibles, unusual dashes and apostrophes.
const NEEDS_FULL_FOLD = new RegExp(
  `[\\uFF01-\\uFF5E\\uFF61-\\uFF9F${INVISIBLES_CLASS}${DASHES.slice(1)}${APOSTROPHES.slice(1)}]`,
);
// Whitespace the fold changes: a run of two or more, or any one character that is not a plain space.
const NEEDS_WHITESPACE_FOLD = /\s{2}|[^\S ]/;
const WHITESPACE_FOLD = /\s{2,}|[^\S ]/g;
const DASH_SET = new Set(DASHES);
const APOS_SET = new Set(APOSTROPHES);

// Runs the fold changes: a whitespace run that is not one plain space (two or more characters,
// or any other whitespace), invisibles, full-width ASCII, half-width katakana with the voicing
// mark that may follow, unusual dashes and apostrophes. Single spaces, the bulk of any text,
// never match, so ordinary prose is copied in long slices.
const FOLD = new RegExp(
  `[\\s${INVISIBLES_CLASS}]{2,}|[\\t\\n\\r\\f\\v\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000${INVISIBLES_CLASS}]` +
    `|[\\uFF01-\\uFF5E]|[\\uFF61-\\uFF9F][\\uFF9E\\uFF9F]?|[${DASHES.slice(1)}${APOSTROPHES.slice(1)}]`,
  'g',
);
const INVISIBLE_ONLY = new RegExp(`^[${INVISIBLES_CLASS}]+$`);

/** What the fold makes of one run FOLD matched. */
function foldRun(run: string): string {
  const code = run.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code >= 0xff61 && code <= 0xff9f) return run.normalize('NFKC');
  if (DASH_SET.has(run)) return '-';
  if (APOS_SET.has(run)) return "'";
  return INVISIBLE_ONLY.test(run) ? '' : ' ';
}

/**
 * Folds text for matching without changing what it says: full-width ASCII to half-width,
 * half-width katakana to full-width ("ﾘﾊﾞﾗﾝｽ" to "リバランス"), every dash to "-", every apostrophe
 * to "'", any run of whitespace to one space, invisibles out. The map turns canonical offsets back
 * into offsets in the original text (a joined kana maps to its first half-width character).
 *
 * Built from native slices and one regular expression rather than a loop over characters: pages
 * are full of line breaks in their source, and a per-character loop made this the annotator's
 * costliest step on a 1.5 MB page.
 */
export function canonicalize(text: string): CanonicalText {
  if (NEEDS_FULL_FOLD.test(text)) return foldWithMap(text);
  // Most text on most pages needs none of this: keep the fast path free of allocation.
  if (!NEEDS_WHITESPACE_FOLD.test(text)) return { text, map: null };
  // Only whitespace to fold, as in every hand-wrapped paragraph of a page's source: one native
  // replace, and the offset map is built only if asked for (a match is found), which is rare.
  const folded = text.replace(WHITESPACE_FOLD, ' ');
  let full: OffsetMap | null = null;
  return { text: folded, map: { length: folded.length, at: (c) => (full ??= foldWithMap(text).map!).at(c) } };
}

/** `canonicalize(text).text` without the offset map, for a test that needs no positions. */
export function canonicalText(text: string): string {
  if (NEEDS_FULL_FOLD.test(text)) return text.replace(FOLD, (run) => foldRun(run));
  return NEEDS_WHITESPACE_FOLD.test(text) ? text.replace(WHITESPACE_FOLD, ' ') : text;
}

/** The fold with its offset map, built from native slices and one regular expression. */
function foldWithMap(text: string): CanonicalText {
  const cStarts: number[] = [];
  const oStarts: number[] = [];
  const sameLength: boolean[] = [];
  const parts: string[] = [];
  let n = 0;
  let copied = 0;
  const add = (piece: string, from: number, same: boolean) => {
    cStarts.push(n);
    oStarts.push(from);
    sameLength.push(same);
    parts.push(piece);
    n += piece.length;
  };
  FOLD.lastIndex = 0;
  for (let m = FOLD.exec(text); m !== null; m = FOLD.exec(text)) {
    const at = m.index;
    const run = m[0];
    if (at > copied) add(text.slice(copied, at), copied, true);
    // FOLD is greedy, so a whitespace run already holds any plain spaces around it.
    const folded = foldRun(run);
    if (folded) add(folded, at, folded.length === run.length);
    copied = at + run.length;
  }
  if (copied < text.length) add(text.slice(copied), copied, true);
  return { text: parts.join(''), map: runMap(n, cStarts, oStarts, sameLength) };
}
