/**
 * Context gating for a PDF, with the same model as a web page (lib/context.ts) but read from the
 * document's text rather than the DOM: the reader draws pages lazily, so the DOM holds only the
 * pages seen so far, while every page's text is read in the background. The document plays the
 * part of the page (its title and text, capped); a long document is judged page by page, with
 * the document's own topic as the prior, as lib/page-context.ts judges a long page by sections.
 */
import type { ContextModel, FormDecision, ScopeEvidence } from './context';
import type { FormTally, PageExplanation } from './page-context';

export interface DocumentMatch {
  entryId: string;
  /** The surface form, as the glossary writes it. */
  form: string;
  /** The PDF page (1-based) the match is on. */
  page: number;
}

export interface DocumentContext {
  /** Whether to highlight (or count) a match: always for forms that need no context, else as decided. */
  accept(match: DocumentMatch): boolean;
  /**
   * Why the document's ambiguous terms were kept or dropped, tallied over `matches` (every match
   * in the document, drawn or not: the highlights on screen are only the pages seen so far).
   */
  explain(matches: Iterable<DocumentMatch>): PageExplanation;
  /**
   * Reads the document's text again (more pages have been read since) and tells whether any
   * decision made so far would now differ, so that the caller can annotate afresh.
   */
  stale(): boolean;
}

export interface DocumentContextOptions {
  model: ContextModel;
  /** Each page's text (index 0 is page 1), `undefined` for a page not read yet; read on demand. */
  pages: () => readonly (string | undefined)[];
  title?: string;
  /** Characters of the document read for its evidence. */
  maxDocumentChars?: number;
  /** Above this many characters a document is long: each page is judged on its own. */
  longDocumentChars?: number;
  /** The most characters read from one page. */
  maxPageChars?: number;
}

/** Creates a document's context from the text read so far. */
export function createDocumentContext(options: DocumentContextOptions): DocumentContext {
  const {
    model,
    pages,
    title = '',
    maxDocumentChars = 100_000,
    longDocumentChars = 40_000,
    maxPageChars = 20_000,
  } = options;

  const readDocument = () => {
    const all = pages();
    const parts: string[] = title ? [title] : [];
    let chars = title.length;
    let complete = true;
    for (const text of all) {
      if (chars >= maxDocumentChars) break;
      // Reading order matters to the cap: stop at the first page not read yet.
      if (text === undefined) {
        complete = false;
        break;
      }
      parts.push(text);
      chars += text.length + 1;
    }
    const text = parts.join('\n');
    return { text: text.slice(0, maxDocumentChars), complete: complete && text.length <= maxDocumentChars };
  };

  let doc = readDocument();
  let docEvidence: ScopeEvidence = model.evidence(doc.text);
  const isLong = () => !doc.complete || doc.text.length > longDocumentChars;
  let long = isLong();
  const pageEvidence = new Map<number, ScopeEvidence>();
  const decisions = new Map<string, FormDecision>();

  const decide = (page: number, entryId: string, form: string): FormDecision => {
    const key = `${long ? page : 0}\u0000${entryId}\u0000${form}`;
    let decision = decisions.get(key);
    if (decision) return decision;
    if (!long) {
      decision = model.decide({ evidence: docEvidence, entryId, form });
    } else {
      let evidence = pageEvidence.get(page);
      if (!evidence) {
        evidence = model.evidence((pages()[page - 1] ?? '').slice(0, maxPageChars));
        pageEvidence.set(page, evidence);
      }
      decision = model.decide({ evidence, entryId, form, page: docEvidence });
    }
    decisions.set(key, decision);
    return decision;
  };

  return {
    accept({ entryId, form, page }) {
      return !model.isAmbiguous(entryId, form) || decide(page, entryId, form).keep;
    },
    explain(matches) {
      const tallies = new Map<string, FormTally>();
      for (const { entryId, form, page } of matches) {
        if (!model.isAmbiguous(entryId, form)) continue;
        const decision = decide(page, entryId, form);
        const key = `${entryId}\u0000${decision.form}`;
        const tally = tallies.get(key) ?? { entryId, form: decision.form, kept: 0, dropped: 0, decision };
        if (decision.keep) tally.kept++;
        else tally.dropped++;
        tally.decision = decision;
        tallies.set(key, tally);
      }
      return {
        scope: long ? 'sections' : 'page',
        chars: doc.text.length,
        truncated: !doc.complete,
        topic: model.topic(docEvidence),
        forms: [...tallies.values()],
      };
    },
    stale() {
      const next = readDocument();
      if (next.text === doc.text) return false;
      const before = [...decisions];
      doc = next;
      docEvidence = model.evidence(doc.text);
      long = isLong();
      decisions.clear();
      pageEvidence.clear();
      // A decision changes when the same question now has another answer.
      return before.some(([key, old]) => {
        const [page, entryId, form] = key.split('\u0000') as [string, string, string];
        return decide(Number(page) || 1, entryId, form).keep !== old.keep;
      });
    },
  };
}
