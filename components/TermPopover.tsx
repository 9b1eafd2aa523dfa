import { autoUpdate, computePosition, flip, hide, offset, shift, size, type ReferenceElement } from '@floating-ui/dom';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CardTexts, CardTextSource } from '../lib/card-texts';
import { logError } from '../lib/error-log';
import { coreById, REPORT } from '../lib/glossary-core';
import { EntryCard } from './EntryCard';

export type CloseReason = 'escape' | 'button' | 'scrolled-away' | 'outside' | 'pointer-left';

export interface TermPopoverProps {
  /** What the popover points at: the highlight it explains, or a selection's rectangle. */
  reference: ReferenceElement;
  entryId: string;
  /** Where the cards' texts come from (the background, on a web page). */
  cards: CardTextSource;
  /** Move focus into the popover when it opens (opened from the keyboard). */
  focusOnOpen: boolean;
  onClose: (reason: CloseReason) => void;
  onPointerEnter?: () => void;
  onPointerLeave?: () => void;
}

/** The hover popover: an entry card placed next to its highlight, following it as the page scrolls. */
export function TermPopover({
  reference,
  entryId,
  cards,
  focusOnOpen,
  onClose,
  onPointerEnter,
  onPointerLeave,
}: TermPopoverProps) {
  // Related terms open in place; "Back" returns along the trail.
  const [trail, setTrail] = useState<string[]>([entryId]);
  const floating = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => setTrail([entryId]), [entryId]);

  // Usually here already (asked for when the page's first highlights were written).
  const [texts, setTexts] = useState<CardTexts | 'loading' | 'failed'>(() => cards.current() ?? 'loading');
  useEffect(() => {
    if (texts !== 'loading') return;
    let live = true;
    cards.load().then(
      (loaded) => live && setTexts(loaded),
      (error: unknown) => {
        logError('popover', error);
        if (live) setTexts('failed');
      },
    );
    return () => {
      live = false;
    };
  }, [cards, texts]);

  useLayoutEffect(() => {
    const el = floating.current;
    if (!el) return;
    const update = () => {
      void computePosition(reference, el, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(6),
          flip({ padding: 8 }),
          shift({ padding: 8 }),
          size({
            padding: 8,
            apply({ availableHeight, availableWidth }) {
              el.style.maxHeight = `${Math.max(160, Math.min(availableHeight, 460))}px`;
              el.style.maxWidth = `${Math.min(availableWidth, 380)}px`;
            },
          }),
          hide(),
        ],
      }).then(({ x, y, middlewareData }) => {
        if (middlewareData.hide?.referenceHidden) {
          closeRef.current('scrolled-away');
          return;
        }
        el.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
        el.dataset.placed = 'true';
      });
    };
    return autoUpdate(reference, el, update);
  }, [reference]);

  useEffect(() => {
    if (focusOnOpen) floating.current?.focus();
  }, [focusOnOpen, trail]);

  const current = trail[trail.length - 1] ?? entryId;
  const entry = coreById(current);
  if (!entry) return null;
  const card = typeof texts === 'string' ? texts : (texts[current] ?? 'failed');
  return (
    <div
      ref={floating}
      class="glens-popover"
      role="dialog"
      aria-modal="false"
      aria-label={`Glossary: ${entry.term}`}
      tabIndex={-1}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose('escape');
        }
      }}
    >
      <EntryCard
        entry={entry}
        card={card}
        report={REPORT}
        onOpenEntry={(id) => setTrail((t) => [...t, id])}
        actions={
          <div class="glens-popover-actions">
            {trail.length > 1 && (
              <button
                type="button"
                class="glens-icon-button"
                aria-label="Back"
                onClick={() => setTrail((t) => t.slice(0, -1))}
              >
                ←
              </button>
            )}
            <button type="button" class="glens-icon-button" aria-label="Close" onClick={() => onClose('button')}>
              ×
            </button>
          </div>
        }
      />
      <p class="glens-popover-footer">Glossary Lens</p>
    </div>
  );
}
