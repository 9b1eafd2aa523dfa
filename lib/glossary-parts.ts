import type { Plugin } from 'vite';
import { cueSources, type ContextEntry } from './context';
import { CARD_TEXT_FIELDS } from './glossary-constants';
import { matcherSources } from './matcher';

// data/glossary.json is the one file authors edit. The bundles import it in two parts, so that the
// content script, injected into every page, carries only what matching needs:
//   data/glossary.json?core   every entry without its card texts (an array, in the data's order)
//   data/glossary.json?cards  the card texts by entry id (lib/card-texts.ts brings them to pages)
// and, built from it when the extension is built rather than on every page it runs on:
//   data/glossary.json?matcher  the expressions of the glossary's matcher and of the context
//                               model's cues (lib/glossary-matcher.ts)

type Part = 'core' | 'cards' | 'matcher';
type Json = Record<string, unknown>;

/** An entry's part: its core fields, or its card texts. */
function pick(entry: Json, part: Part): Json {
  const isCard = (key: string) => (CARD_TEXT_FIELDS as readonly string[]).includes(key);
  return Object.fromEntries(Object.entries(entry).filter(([key]) => isCard(key) === (part === 'cards')));
}

/** One part of the glossary's JSON, as JSON. Entries were checked against the schema before the build. */
export function glossaryPart(json: string, part: Part): string {
  const entries = JSON.parse(json) as Json[];
  if (part === 'matcher') {
    const core = entries as unknown as ContextEntry[];
    return JSON.stringify({ glossary: matcherSources(core), cues: cueSources(core) });
  }
  if (part === 'core') return JSON.stringify(entries.map((e) => pick(e, 'core')));
  return JSON.stringify(Object.fromEntries(entries.map((e) => [String(e.id), pick(e, 'cards')])));
}

/** Serves the parts of `glossary.json` (for the build and for the unit tests). */
export function glossaryPartsPlugin(): Plugin {
  return {
    name: 'glens-glossary-parts',
    // Before Vite's JSON plugin, which then turns the part into a module like any JSON file.
    enforce: 'pre',
    transform(code, id) {
      const match = /\/data\/glossary\.json\?(core|cards|matcher)$/.exec(id);
      return match ? { code: glossaryPart(code, match[1] as Part), map: null } : null;
    },
  };
}
