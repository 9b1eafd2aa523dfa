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

/** Text in the matcher's canonical form, with where each of its characters came from. */
export interface CanonicalText {
  text: string;
  /** Index in the original of each canonical character; null when the two are identical. */
  map: Uint32Array | null;
}

// Characters the canonical form changes: full-width ASCII, half-width katakana, ideographic and
// other unusual spaces, runs of whitespace, dashes, apostrophes, invisibles.
const NEEDS_CANON = new RegExp(
  `[\\uFF01-\\uFF5E\\uFF61-\\uFF9F\\u3000\\u00A0\\t\\n\\r\\f\\v\\u2000-\\u200A\\u202F\\u205F${INVISIBLES_CLASS}${DASHES.slice(1)}${APOSTROPHES.slice(1)}]| {2}`,
);
const DASH_SET = new Set(DASHES);
const APOS_SET = new Set(APOSTROPHES);
const INVISIBLE_SET = new Set(INVISIBLES);
/** Half-width voiced and semi-voiced sound marks, which NFKC joins to the kana before them. */
const isHalfWidthVoicing = (code: number) => code === 0xff9e || code === 0xff9f;

/**
 * Folds text for matching without changing what it says: full-width ASCII to half-width,
 * half-width katakana to full-width ("ﾘﾊﾞﾗﾝｽ" to "リバランス"), every dash to "-", every apostrophe
 * to "'", any run of whitespace to one space, invisibles out. The map turns canonical offsets back
 * into offsets in the original text (a joined kana maps to its first half-width character).
 */
export function canonicalize(text: string): CanonicalText {
  // Most text on most pages needs none of this: keep the fast path free of allocation.
  if (!NEEDS_CANON.test(text)) return { text, map: null };
  const out: string[] = [];
  const map = new Uint32Array(text.length);
  let n = 0;
  let lastSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const code = ch.charCodeAt(0);
    let c: string;
    if (INVISIBLE_SET.has(ch)) continue;
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (code >= 0xff61 && code <= 0xff9f) {
      const joined = isHalfWidthVoicing(text.charCodeAt(i + 1)) ? (ch + text.charAt(i + 1)).normalize('NFKC') : '';
      if (joined.length === 1) {
        out.push(joined);
        map[n++] = i++;
        lastSpace = false;
        continue;
      }
      c = ch.normalize('NFKC');
    } else if (/\s/.test(ch)) c = ' ';
    else if (DASH_SET.has(ch)) c = '-';
    else if (APOS_SET.has(ch)) c = "'";
    else c = ch;
    if (c === ' ') {
      if (lastSpace) continue;
      lastSpace = true;
    } else lastSpace = false;
    out.push(c);
    map[n++] = i;
  }
  return { text: out.join(''), map: map.subarray(0, n) };
}
