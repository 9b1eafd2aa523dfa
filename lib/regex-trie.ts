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
  for (let i = 0; i < source.length;) {
    const end = atomEnd(source, i);
    out.push(source.slice(i, end));
    i = end;
  }
  return out;
}

/** Index just after the atom that starts at `i` (and its quantifier). */
function atomEnd(source: string, i: number): number {
  const c = source.charAt(i);
  let j: number;
  if (c === '\\')
    j = i + 2; // the matcher escapes only punctuation outside classes
  else if (c === '[') j = classEnd(source, i);
  else if (c === '(') j = groupEnd(source, i);
  else j = i + 1;
  // A quantifier belongs to the atom before it ({n,m} is never written by the matcher).
  while (j < source.length && '?*+'.includes(source.charAt(j))) j++;
  return j;
}

/** How many atoms `source` has. */
function atomCount(source: string): number {
  let n = 0;
  for (let i = 0; i < source.length; i = atomEnd(source, i)) n++;
  return n;
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
  return sources.length ? group(sources, sources.map(atomCount), [...sources.keys()], 0) : '';
}

/**
 * The alternation of the sources `items` (indices into `sources`, `atoms` their atom counts), which
 * share their first `at` characters: atoms that compare equal have one length, so one offset
 * serves them all. Built by grouping rather than as a tree of nodes, and without splitting the
 * sources into atoms: a glossary of 10,000 forms has a quarter of a million atoms, nearly all of
 * them on chains with no branch, and as strings they were most of the time it took.
 */
function group(sources: readonly string[], atoms: readonly number[], items: number[], at: number): string {
  const first = sources[items[0]!]!;
  // One item left: the rest of its chain, as written (most atoms of a big glossary end here).
  if (items.length === 1) return first.slice(at);
  /** The key of the atom of `sources[i]` at `at`, or null at its end. */
  const keyAt = (i: number): string | null => {
    const source = sources[i]!;
    return at < source.length ? keyOf(source.slice(at, atomEnd(source, at))) : null;
  };
  const start = at;
  // The chain every item shares.
  while (at < first.length) {
    const key = keyAt(items[0]!);
    if (items.some((i) => keyAt(i) !== key)) break;
    at = atomEnd(first, at);
  }
  /** Items by their next atom, each group with the most atoms any of its items has. */
  const groups = new Map<string, { items: number[]; longest: number }>();
  let ends = false;
  for (const i of items) {
    const key = keyAt(i);
    if (key === null) {
      ends = true;
      continue;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { items: [i], longest: atoms[i]! });
    else {
      g.items.push(i);
      if (atoms[i]! > g.longest) g.longest = atoms[i]!;
    }
  }
  const prefix = first.slice(start, at);
  const branches = [...groups.values()]
    .sort((a, b) => b.longest - a.longest)
    .map((g) => group(sources, atoms, g.items, at));
  if (ends && branches.length) branches.push('');
  if (branches.length <= 1) return prefix + (branches[0] ?? '');
  return `${prefix}(?:${branches.join('|')})`;
}
