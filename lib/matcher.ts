import { APOSTROPHES, DASHES, formKey, isCaseSensitiveForm, normalizeText } from './text-normalize';

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
}

// Latin letters and digits, half- and full-width. A term must not touch one on either side
// ("SCC" not in "SCCA", "2+2" not in "12+24"); CJK text around a term is fine ("ISRの強化").
const WORDISH = 'A-Za-z0-9\\u00C0-\\u024F\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A';
const BEFORE = `(?<![${WORDISH}])`;
const AFTER = `(?![${WORDISH}])`;
const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]/u;
const DASH_CLASS = `[${DASHES}]`;
const APOS_CLASS = `[${APOSTROPHES}]`;
// Whitespace of any kind (line breaks, no-break spaces), possibly around a soft hyphen.
const SPACE = '[\\s\\u00AD]+';
// Plural and possessive endings an English form may carry: "bases", "SCC's", "allies'".
const SUFFIX = `(?:es|s|${APOS_CLASS}s?)?`;

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** A character class accepting an ASCII character in its half- and full-width forms. */
function widthClass(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code > 0x20 && code < 0x7f) {
    const full = String.fromCharCode(code + 0xfee0);
    return `[${escapeChar(ch)}${full}]`;
  }
  return escapeChar(ch);
}

/** Regular-expression source for one surface form, with its spelling and spacing variants. */
function formPattern(form: string): string {
  const n = normalizeText(form);
  const japanese = CJK.test(n);
  let out = '';
  for (let i = 0; i < n.length; i++) {
    const ch = n.charAt(i);
    if (ch === ' ') out += SPACE;
    else if (ch === '-') out += `(?:${DASH_CLASS}|${SPACE})\\u00AD?`;
    else if (ch === "'") out += APOS_CLASS;
    // British and American spelling: "defence" and "defense".
    else if ((ch === 's' || ch === 'c') && /defen$/i.test(n.slice(0, i)) && n.charAt(i + 1).toLowerCase() === 'e') {
      out += '[sc]';
    } else if (/[A-Za-z0-9]/.test(ch)) out += `${widthClass(ch)}\\u00AD?`;
    else out += widthClass(ch);
  }
  // A soft hyphen is allowed between letters but never trailing the form.
  out = out.replace(/\\u00AD\?$/, '');
  if (japanese) return out;
  const first = n.charAt(0);
  const last = n.charAt(n.length - 1);
  const pre = /[A-Za-z0-9]/.test(first) ? BEFORE : '';
  const suffix = /[A-Za-z]/.test(last) ? SUFFIX : '';
  const post = /[A-Za-z0-9.]/.test(last) || suffix ? AFTER : '';
  return `${pre}(?:${out})${suffix}${post}`;
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
 * Compiles every surface form of every entry into one matcher: two regular expressions
 * (case-sensitive acronyms, case-insensitive phrases) scanned once each.
 */
export function compileMatcher(entries: readonly MatchableEntry[]): Matcher {
  const owner = new Map<string, string>();
  const sensitive: string[] = [];
  const insensitive: string[] = [];
  for (const entry of entries) {
    for (const form of entry.forms) {
      owner.set(formKey(form), entry.id);
      (isCaseSensitiveForm(normalizeText(form)) ? sensitive : insensitive).push(form);
    }
  }
  // Longer forms first: at one position the regex takes the first alternative that matches.
  const byLength = (a: string, b: string) => normalizeText(b).length - normalizeText(a).length;
  const build = (forms: string[], flags: string) =>
    forms.length ? new RegExp(forms.sort(byLength).map(formPattern).join('|'), flags) : null;
  const csRe = build(sensitive, 'gu');
  const ciRe = build(insensitive, 'giu');

  const entryFor = (text: string): string | undefined => {
    for (const key of candidateKeys(text)) {
      const id = owner.get(key) ?? owner.get(key.toLowerCase());
      if (id !== undefined) return id;
    }
    return undefined;
  };

  const scan = (re: RegExp | null, text: string, out: TermMatch[]) => {
    if (!re) return;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const id = entryFor(m[0]);
      if (id !== undefined) out.push({ start: m.index, end: m.index + m[0].length, entryId: id });
      if (m[0].length === 0) re.lastIndex++;
    }
  };

  return {
    entryFor,
    find(text: string): TermMatch[] {
      const all: TermMatch[] = [];
      scan(csRe, text, all);
      scan(ciRe, text, all);
      if (all.length < 2) return all;
      all.sort((a, b) => a.start - b.start || b.end - a.end);
      const kept: TermMatch[] = [];
      let reach = -1;
      for (const m of all) {
        if (m.start >= reach) {
          kept.push(m);
          reach = m.end;
        }
      }
      return kept;
    },
  };
}
