import type { JSX } from 'preact';
import { CATEGORY_LABELS } from '../lib/glossary-constants';
import { coreById } from '../lib/glossary-core';
import type { CardText, GlossaryCore, ReportMeta } from '../lib/glossary-schema';

export interface EntryCardProps {
  entry: GlossaryCore;
  /**
   * The entry's card texts; on a web page they come from the background (lib/card-texts.ts), so
   * the popover may open before they arrive ('loading') or without them ('failed').
   */
  card: CardText | 'loading' | 'failed';
  report: ReportMeta;
  /** Opens a related entry in place. */
  onOpenEntry?: (id: string) => void;
  /** Heading level of the term (2 in the popover and popup, 3 inside the glossary page's groups). */
  headingLevel?: 2 | 3;
  /** Extra attributes for the root (role, aria-label, id). */
  rootProps?: JSX.HTMLAttributes<HTMLElement>;
  /** Content placed at the top right (a close button in the popover). */
  actions?: JSX.Element | null;
}

/** Formats an ISO date the way the card shows it: "8 Oct 2014", "Oct 2013", "1960". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = m ? months[Number(m) - 1] : undefined;
  return [d ? String(Number(d)) : '', month ?? '', y].filter(Boolean).join(' ');
}

/** One glossary entry: the same card in the popover, the popup and the glossary page. */
export function EntryCard({ entry, card, report, onOpenEntry, headingLevel = 2, rootProps, actions }: EntryCardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const termId = `glens-term-${entry.id}`;
  const related = entry.related.map((id) => coreById(id)).filter((e): e is GlossaryCore => e !== undefined);
  const texts = typeof card === 'string' ? null : card;
  return (
    <article class="glens-card" data-glens-card="" data-entry-id={entry.id} aria-labelledby={termId} {...rootProps}>
      <header class="glens-card-header">
        <div class="glens-card-titles">
          <Heading class="glens-card-term" id={termId}>
            {entry.term}
          </Heading>
          {(entry.acronym || entry.japanese) && (
            <p class="glens-card-aka">
              {entry.acronym && <span class="glens-card-acronym">{entry.acronym}</span>}
              {entry.acronym && entry.japanese && <span aria-hidden="true"> · </span>}
              {entry.japanese && (
                <span class="glens-card-japanese" lang="ja">
                  {entry.japanese}
                </span>
              )}
            </p>
          )}
        </div>
        {actions}
      </header>
      <p class="glens-card-meta">
        <span class="glens-card-category">{CATEGORY_LABELS[entry.category]}</span>
        {entry.background && <span class="glens-card-badge">Background</span>}
      </p>
      <p class="glens-card-definition">{entry.definition}</p>
      <section
        class="glens-card-report"
        aria-label={entry.background ? 'Background' : 'In the report'}
        aria-busy={card === 'loading' ? 'true' : undefined}
      >
        <Sub class="glens-card-subhead">{entry.background ? 'Background' : 'In the report'}</Sub>
        {texts ? (
          <>
            <p class="glens-card-explanation">{texts.explanation}</p>
            {texts.report ? (
              <figure class="glens-card-quote">
                <blockquote class="glens-card-excerpt">{texts.report.excerpt}</blockquote>
                <figcaption class="glens-card-cite">
                  <span class="glens-card-section" title={report.sections[texts.report.section]}>
                    {texts.report.section}
                  </span>{' '}
                  <cite>{report.title}</cite>, {report.author}, {report.series} ({report.publisher},{' '}
                  <time dateTime={report.date}>{report.dateLabel}</time>)
                </figcaption>
              </figure>
            ) : (
              <p class="glens-card-note">Not from the report: general background, for context.</p>
            )}
          </>
        ) : (
          <p class="glens-card-note" role={card === 'failed' ? 'alert' : undefined}>
            {card === 'failed'
              ? 'The explanation could not be loaded. Reload the page to try again.'
              : 'Loading the explanation…'}
          </p>
        )}
      </section>
      {texts?.dates && texts.dates.length > 0 && (
        <ul class="glens-card-dates" aria-label="Dates">
          {texts.dates.map((d) => (
            <li key={d.date + d.event}>
              <time dateTime={d.date}>{formatDate(d.date)}</time> {d.event}
            </li>
          ))}
        </ul>
      )}
      {related.length > 0 && (
        <nav class="glens-card-related" aria-label={`Related to ${entry.term}`}>
          <Sub class="glens-card-subhead">Related</Sub>
          <ul>
            {related.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  class="glens-card-link"
                  data-related-id={r.id}
                  onClick={() => onOpenEntry?.(r.id)}
                >
                  {r.term}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </article>
  );
}
