/**
 * Builds one regular-expression alternation shaped as a trie: `alliance|allies|ally` becomes
 * `all(?:i(?:ance|es)|y)`. V8's irregexp tries the alternatives of a choice one after the other,
 * at every position of the text, so a flat list of 400 forms costs 400 quick checks wherever a
 * word starts; as a trie it costs one per distinct first character, and a few along the one
 * branch that can match. What the alternation matches is unchanged: at a branch point the longer
 * continuations are tried first, as the flat list tried longer forms first.
 */

/**
 * A regular-expression source split into atoms: one character, an escape, a character class or a
 * group, each with the quantifier that follows it. `Co-?operation` gives `C o -? o p …`.
 */
export function splitAtoms(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < source.length) {
    const start = i;
    const c = source.charAt(i);
    if (c === '\\')
      i += 2; // the matcher escapes only punctuation outside classes
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') i = groupEnd(source, i);
    else i++;
    // A quantifier belongs to the atom before it ({n,m} is never written by the matcher).
    while (i < source.length && '?*+'.includes(source.charAt(i))) i++;
    out.push(source.slice(start, i));
  }
  return out;
}

/** Index just after the class that opens at `i`. */
function classEnd(source: string, i: number): number {
  let j = i + 1;
  while (j < source.length && source.charAt(j) !== ']') j += source.charAt(j) === '\\' ? 2 : 1;
  return j + 1;
}

/** Index just after the group that opens at `i`, skipping classes and escapes inside it. */
function groupEnd(source: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < source.length) {
    const c = source.charAt(j);
    if (c === '\\') j += 2;
    else if (c === '[') j = classEnd(source, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  throw new SyntaxError(`Unbalanced group in ${source}`);
}

/** Letters compare case-insensitively (the matcher lower-cases its expressions and the text). */
const keyOf = (atom: string) => (atom.length === 1 ? atom.toLowerCase() : atom);

/**
 * One alternation matching exactly what `sources.join('|')` matches, case ignored, with shared
 * leading atoms factored out. Sources should come longest first (a flat list's
 * order): where two branches could both match at a position, the one with more below it wins.
 */
export function trieAlternation(sources: readonly string[]): string {
  return sources.length ? group(sources.map(splitAtoms), 0) : '';
}

/**
 * The alternation of `items` (atom lists sharing their first `d` atoms, given from atom `d` on).
 * Built by grouping rather than as a tree of nodes: a glossary of 10,000 forms has a quarter of a
 * million atoms, nearly all of them on chains with no branch.
 */
function group(items: string[][], d: number): string {
  let prefix = '';
  // The chain every item shares.
  for (;;) {
    const key = d < items[0]!.length ? keyOf(items[0]![d]!) : null;
    if (key === null || items.some((it) => it.length === d || keyOf(it[d]!) !== key)) break;
    prefix += items[0]![d];
    d++;
  }
  const groups = new Map<string, string[][]>();
  let ends = false;
  for (const it of items) {
    if (it.length === d) {
      ends = true;
      continue;
    }
    const key = keyOf(it[d]!);
    const list = groups.get(key);
    if (list) list.push(it);
    else groups.set(key, [it]);
  }
  const branches = [...groups.values()]
    .map((g) => ({ longest: Math.max(...g.map((it) => it.length)), source: group(g, d) }))
    .sort((a, b) => b.longest - a.longest)
    .map((b) => b.source);
  if (ends && branches.length) branches.push('');
  if (branches.length <= 1) return prefix + (branches[0] ?? '');
  return `${prefix}(?:${branches.join('|')})`;
}
