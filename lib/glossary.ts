import cardTexts from '../data/glossary.json?cards';
import { GLOSSARY_CORE } from './glossary-core';
import type { CardText, GlossaryEntry } from './glossary-schema';

export { REPORT } from './glossary-core';

// The data is checked against the schema when the extension is built and in the unit tests
// (lib/glossary-check.ts), so the bundles do not carry the schema library.
/** Every entry's card texts, by id (the background hands them to pages: lib/card-texts.ts). */
export const CARD_TEXTS: Readonly<Record<string, CardText>> = cardTexts;

/** Every glossary entry, whole, in the data's order. */
export const GLOSSARY: readonly GlossaryEntry[] = GLOSSARY_CORE.map((core) => {
  const card = CARD_TEXTS[core.id];
  if (!card) throw new Error(`glossary entry "${core.id}" has no card texts`);
  return { ...core, ...card };
});

const byId = new Map(GLOSSARY.map((e) => [e.id, e]));

/** The entry with this id, if there is one. */
export function entryById(id: string): GlossaryEntry | undefined {
  return byId.get(id);
}
