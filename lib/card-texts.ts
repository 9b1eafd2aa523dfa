import * as v from 'valibot';
import type { CardText } from './glossary-schema';
import { cardTextsSchema } from './messages';

export type CardTexts = Readonly<Record<string, CardText>>;

/** Every entry's card texts, asked for once per page and kept. */
export interface CardTextSource {
  /** The texts, if they have arrived. */
  current(): CardTexts | null;
  /** The texts: asks for them the first time, and again after a failed ask. */
  load(): Promise<CardTexts>;
}

/**
 * Wraps `request` (in a page: a message to the background, which holds the texts) so that it is
 * made once, its answer is checked, and a failure is not kept: the next `load()` asks again.
 */
export function createCardTextSource(request: () => Promise<unknown>): CardTextSource {
  let texts: CardTexts | null = null;
  let pending: Promise<CardTexts> | null = null;
  return {
    current: () => texts,
    load() {
      if (texts) return Promise.resolve(texts);
      pending ??= request()
        .then((reply) => {
          const parsed = v.safeParse(cardTextsSchema, reply);
          if (!parsed.success) throw new Error(`card texts: unexpected reply (${v.summarize(parsed.issues)})`);
          texts = parsed.output;
          return texts;
        })
        .finally(() => {
          pending = null;
        });
      return pending;
    },
  };
}
