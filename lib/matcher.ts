import { canonicalize, formKey, normalizeText } from './text-normalize';

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
  /** The entry a piece of matched text belongs to, if any. */
  entryFor(text: string): string | undefined;
  /** The surface form, as the glossary writes it, that a piece of matched text is. */
  formFor(text: string): string | undefined;
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

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Regular-expression source for one canonical surface form, without boundaries. */
function formBody(n: string): string {
  // A hyphen may also be written as a space ("self defense"); spacing is already one space.
  return n
    .split('-')
    .map(escapeRe)
    .join('[- ]')
    .replace(/(defen)[sc](e)/gi, '$1[sc]$2');
}

/** Keys a matched string may be found under: itself, then without a plural or possessive ending. */
function candidateKeys(text: string): string[] {
  const n = normalizeText(text);
  const keys = [formKey(n)];
  for (const end of ["'s", "'", 'es', 's']) {
    if (n.toLowerCase().endsWith(end)) keys.push(formKey(n.slice(0, -end.length)));
  }
  return keys;
}

/**
 * Compiles every surface form of every entry into one matcher: a single regular expression
 * scanned once over canonical text. Acronyms are matched case-sensitively by checking the
 * matched text's case against the form it came from.
 */
export function compileMatcher(entries: readonly MatchableEntry[]): Matcher {
  const owner = new Map<string, string>();
  const formOf = new Map<string, string>();
  const bounded: string[] = [];
  const free: string[] = [];
  for (const entry of entries) {
    for (const form of entry.forms) {
      owner.set(formKey(form), entry.id);
      formOf.set(formKey(form), form);
      const n = normalizeText(form);
      if (CJK.test(n)) {
        free.push(n);
        continue;
      }
      const body = formBody(n);
      const startsWord = /^[A-Za-z0-9]/.test(n);
      const endsLetter = /[A-Za-z]$/.test(n);
      const endsWord = /[A-Za-z0-9.]$/.test(n);
      if (startsWord && endsLetter) bounded.push(n);
      else free.push(`${startsWord ? BEFORE : ''}${body}${endsLetter ? SUFFIX : ''}${endsWord ? AFTER : ''}`);
    }
  }
  // Longer forms first: at one position the regex takes the first alternative that matches.
  const byLength = (a: string, b: string) => b.length - a.length;
  bounded.sort(byLength);
  const parts: string[] = [];
  // Forms that start with a word character and end with a letter share one set of boundaries,
  // so the engine checks the boundary once per position, not once per form.
  if (bounded.length) parts.push(`${BEFORE}(?:${bounded.map(formBody).join('|')})${SUFFIX}${AFTER}`);
  parts.push(...free.sort(byLength).map((f) => (CJK.test(f) ? escapeRe(f) : f)));
  const re = new RegExp(parts.join('|'), 'gi');

  const entryFor = (text: string): string | undefined => {
    for (const key of candidateKeys(text)) {
      const id = owner.get(key) ?? owner.get(key.toLowerCase());
      if (id !== undefined) return id;
    }
    return undefined;
  };

  const formFor = (text: string): string | undefined => {
    for (const key of candidateKeys(text)) {
      const form = formOf.get(key) ?? formOf.get(key.toLowerCase());
      if (form !== undefined) return form;
    }
    return undefined;
  };

  return {
    entryFor,
    formFor,
    find(text: string): TermMatch[] {
      const canon = canonicalize(text);
      const out: TermMatch[] = [];
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(canon.text)) !== null) {
        const found = m[0];
        if (!found.length) {
          re.lastIndex++;
          continue;
        }
        const id = entryFor(found);
        if (id === undefined) continue;
        const startC = m.index;
        const endC = startC + found.length;
        const { map } = canon;
        out.push(
          map
            ? { start: map[startC]!, end: map[endC - 1]! + 1, entryId: id }
            : { start: startC, end: endC, entryId: id },
        );
      }
      return out;
    },
  };
}
