import { useState } from 'preact/hooks';
import type { EvidenceLine } from '../lib/context';
import { entryById } from '../lib/glossary';
import type { PageExplanation } from '../lib/page-context';

/** The explanation as the popup received it: null when the page is not annotated. */
export type ExplanationState =
  { status: 'closed' } | { status: 'loading' } | { status: 'none' } | { status: 'ready'; explanation: PageExplanation };

/** True for a reply shaped like a page explanation (the content script may be older or newer). */
export function isPageExplanation(value: unknown): value is PageExplanation {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<PageExplanation>;
  return (
    (v.scope === 'page' || v.scope === 'sections') &&
    typeof v.topic === 'object' &&
    v.topic !== null &&
    Array.isArray(v.topic.lines) &&
    Array.isArray(v.forms)
  );
}

const points = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

function Lines({ lines }: { lines: readonly EvidenceLine[] }) {
  if (!lines.length) return <p class="glens-muted">No evidence either way.</p>;
  return (
    <ul class="glens-why-lines">
      {lines.map((line, i) => (
        <li key={i} data-kind={line.kind}>
          <span>{line.label}</span> <span class="glens-why-points">{points(line.points)}</span>
        </li>
      ))}
    </ul>
  );
}

/** What a form's decision adds to the page's evidence: its related terms, other senses, the page prior. */
function FormLines({ lines }: { lines: readonly EvidenceLine[] }) {
  const own = lines.filter((l) => l.kind === 'related' || l.kind === 'other-senses' || l.kind === 'page');
  return own.length ? <Lines lines={own} /> : null;
}

interface WhyTermsProps {
  /** Asks the page why; resolves to null when it does not answer. */
  ask: () => Promise<PageExplanation | null>;
}

/**
 * "Why these terms?": a collapsed section that, when opened, asks the page how it judged its
 * context (lib/context.ts) and shows the evidence and each context-dependent term's fate.
 */
export function WhyTerms({ ask }: WhyTermsProps) {
  const [state, setState] = useState<ExplanationState>({ status: 'closed' });

  const onToggle = (open: boolean) => {
    if (!open) return;
    setState({ status: 'loading' });
    void ask().then(
      (explanation) => setState(explanation ? { status: 'ready', explanation } : { status: 'none' }),
      () => setState({ status: 'none' }),
    );
  };

  return (
    <details class="glens-why" data-glens-why="" onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary class="glens-why-summary">Why these terms?</summary>
      <div class="glens-why-body" aria-live="polite">
        {state.status === 'loading' && <p class="glens-muted">Asking the page…</p>}
        {state.status === 'none' && <p class="glens-muted">The page did not say; reload it and try again.</p>}
        {state.status === 'ready' && <Explanation explanation={state.explanation} />}
      </div>
    </details>
  );
}

function Explanation({ explanation }: { explanation: PageExplanation }) {
  const { topic, scope, forms, truncated } = explanation;
  return (
    <>
      <p class="glens-why-verdict" data-glens-about={String(topic.about)}>
        {topic.about
          ? 'This page reads as being about the U.S.-Japan alliance'
          : 'This page does not read as being about the U.S.-Japan alliance'}{' '}
        (score {topic.score}; {topic.threshold} needed).
        {scope === 'sections' &&
          ` It is long${truncated ? ' (only its beginning was read for this score)' : ''}, so each section is judged on its own.`}
      </p>
      <Lines lines={topic.lines} />
      <h3 class="glens-why-heading">Terms that depend on context</h3>
      {forms.length === 0 ? (
        <p class="glens-muted">None on this page: every highlight here is a term that needs no context.</p>
      ) : (
        <ul class="glens-why-forms">
          {forms.map((f) => (
            <li key={`${f.entryId} ${f.form}`} data-entry-id={f.entryId} data-kept={String(f.kept > 0)}>
              <p class="glens-why-form">
                <strong>“{f.form}”</strong> as {entryById(f.entryId)?.term ?? f.entryId}:{' '}
                {f.kept > 0 && f.dropped > 0
                  ? `highlighted ${f.kept}, left alone ${f.dropped}`
                  : f.kept > 0
                    ? `highlighted (${f.kept})`
                    : `left alone (${f.dropped})`}
                . Score {f.decision.score}
                {scope === 'sections' ? ' in its latest section' : ''}.
              </p>
              <FormLines lines={f.decision.lines} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
