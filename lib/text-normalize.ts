/**
 * Text normalisation shared by the matcher, the glossary checks and the search index, so that
 * "U.S.–Japan" and "U.S.-Japan", or "２＋２" and "2+2", are one form everywhere.
 */

/** Every dash a writer may put inside a compound term. */
export const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D';
/** Every apostrophe or single quote a writer may use in a possessive. */
export const APOSTROPHES = "'\u2019\u2018\u02BC\uFF07";

const dashRe = new RegExp(`[${DASHES}]`, 'g');
const apostropheRe = new RegExp(`[${APOSTROPHES}]`, 'g');

/** NFKC-folds full-width forms, unifies dashes, apostrophes and spacing, drops soft hyphens. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u00AD/g, '')
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

// Characters the canonical form changes: full-width ASCII, ideographic and other unusual spaces,
// runs of whitespace, dashes, apostrophes, soft hyphens.
const NEEDS_CANON = new RegExp(
  `[\\uFF01-\\uFF5E\\u3000\\u00AD\\u00A0\\t\\n\\r\\f\\v\\u2000-\\u200A\\u202F\\u205F${DASHES.slice(1)}${APOSTROPHES.slice(1)}]| {2}`,
);
const DASH_SET = new Set(DASHES);
const APOS_SET = new Set(APOSTROPHES);

/**
 * Folds text for matching without changing what it says: full-width ASCII to half-width, every
 * dash to "-", every apostrophe to "'", any run of whitespace to one space, soft hyphens out.
 * The map turns canonical offsets back into offsets in the original text.
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
    if (code === 0xad) continue;
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (/\s/.test(ch)) c = ' ';
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
