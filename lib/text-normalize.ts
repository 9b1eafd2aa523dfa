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
  const n = normalizeText(form).replace(/-/g, ' ').replace(/defenc(?=e)/gi, (m) => m.slice(0, -1) + (m.endsWith('C') ? 'S' : 's'));
  return isCaseSensitiveForm(n) ? n : n.toLowerCase();
}
