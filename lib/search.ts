import MiniSearch, { type SearchOptions } from 'minisearch';
import { formKey } from './text-normalize';

/** What the search needs of an entry; GlossaryEntry fits, and so does a synthetic benchmark entry. */
export interface SearchableEntry {
  id: string;
  term: string;
  acronym?: string;
  japanese?: string;
  forms: readonly string[];
  definition: string;
  /** Context the report does not give; ranked below the report's own terms when both fit. */
  background?: boolean;
}

/** One ranked hit, best first. */
export interface SearchHit {
  id: string;
  score: number;
}

/** A built index over a glossary. */
export interface GlossarySearch {
  /** Entries matching the query, best first; an empty or blank query finds nothing. */
  search(query: string, limit?: number): SearchHit[];
}

// Han, kana and the marks that live inside Japanese words (々 repeats a kanji, ー lengthens a kana).
const CJK_RUN = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC]+)/u;
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30FC]/u;
// Cheap filters for the common cases, so that indexing 5,000 definitions stays quick: a plain word,
// and text with no character from the blocks where Han and kana live.
const PLAIN_WORD = /^[a-z0-9]+$/;
const MAYBE_CJK = /[\u2e80-\u9fff\uf900-\ufaff\ud82c\ud840-\ud8bf]/;
// Japanese punctuation inside a name ("役割・任務・能力"): dropped, so "役割任務" still finds it.
const JA_SEPARATORS = /[\u30FB\uFF65\u3001\u3002]/g;
const NOT_WORD = /[^\p{L}\p{N}]+/u;
// What a compacted chunk keeps: "HA/DR" → "hadr", "U.S." → "us", but "2+2" stays "2+2".
const COMPACT_DROP = /[^\p{L}\p{N}+&]/gu;
const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}+]+$/gu;

/** Character bigrams of a Japanese run: Japanese has no spaces, so "自衛権" must find "集団的自衛権". */
function bigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/** The words of one space-free, kana-free chunk, plus its compacted form when punctuation split it. */
function latinTokens(chunk: string, out: string[]): void {
  const trimmed = chunk.replace(/'s$/, '').replace(EDGE_PUNCT, '');
  if (!trimmed) return;
  const parts = trimmed.split(NOT_WORD).filter(Boolean);
  const compact = trimmed.replace(COMPACT_DROP, '');
  const split = parts.length !== 1 || parts[0] !== compact;
  for (const p of parts) {
    // "U.S." is "us", not "u" and "s": single letters left over from punctuation only add noise.
    if (!(split && p.length === 1)) out.push(p);
  }
  if (split && compact) out.push(compact);
}

/**
 * Splits text into index terms, the same way for entries and queries: normalised as the matcher
 * normalises (so "defence" is "defense" and "２＋２" is "2+2"), lower-cased, words plus compacted
 * forms ("hadr", "2+2"), and Japanese as character bigrams.
 */
export function searchTokens(text: string): string[] {
  const key = formKey(text.replace(JA_SEPARATORS, '')).toLowerCase();
  const out: string[] = [];
  for (const chunk of key.split(' ')) {
    if (!chunk) continue;
    if (PLAIN_WORD.test(chunk)) out.push(chunk);
    else if (!MAYBE_CJK.test(chunk)) latinTokens(chunk, out);
    else
      for (const piece of chunk.split(CJK_RUN)) {
        if (!piece) continue;
        if (CJK_START.test(piece)) bigrams(piece, out);
        else latinTokens(piece, out);
      }
  }
  return out;
}

const isCjk = (term: string) => CJK_START.test(term);

const SEARCH_OPTIONS: SearchOptions = {
  // The name a reader types is worth more than a word in a definition.
  boost: { term: 3, acronym: 4, japanese: 2, forms: 2, definition: 0.4 },
  // Every term is a prefix while typing ("coll", "collective s").
  prefix: (term) => !isCjk(term),
  // One slip in a short word, two in a long one; none in acronyms and short words, where "hadr" is
  // not "had".
  fuzzy: (term) => (isCjk(term) || term.length < 5 ? false : term.length < 8 ? 1 : 2),
};

/** Builds a ranked search over entries' names, acronyms, Japanese names, surface forms and definitions. */
export function createGlossarySearch(entries: readonly SearchableEntry[]): GlossarySearch {
  const index = new MiniSearch<SearchableEntry>({
    fields: ['term', 'acronym', 'japanese', 'forms', 'definition'],
    idField: 'id',
    // Forms are joined by line breaks, not commas, so that no compacted token spans two forms.
    extractField: (entry, field) => {
      const value = entry[field as keyof SearchableEntry];
      return Array.isArray(value) ? value.join('\n') : (value as string | undefined);
    },
    stringifyField: (value) => String(value),
    tokenize: searchTokens,
    // searchTokens has already folded case and spelling.
    processTerm: (term) => term,
    searchOptions: SEARCH_OPTIONS,
  });
  index.addAll(entries);
  // This is the report's glossary: when a query fits a term the report discusses and a background
  // entry equally well ("collective s…": self-defense or security?), the report's term comes first.
  const background = new Set(entries.filter((e) => e.background).map((e) => e.id));
  const options: SearchOptions = background.size
    ? { boostDocument: (id: string) => (background.has(id) ? 0.8 : 1) }
    : {};

  return {
    search(query, limit = Infinity) {
      if (!query.trim()) return [];
      // Every word must match, as a filter narrows while one types; if that finds nothing (a stray
      // word, an unindexed bigram), fall back to any word matching rather than show nothing.
      let results = index.search(query, { ...options, combineWith: 'AND' });
      if (results.length === 0) results = index.search(query, { ...options, combineWith: 'OR' });
      return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score }));
    },
  };
}
