import type { VirtualElement } from '@floating-ui/dom';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { TermPopover, type CloseReason } from '../../components/TermPopover';
import type { CardTextSource } from '../../lib/card-texts';
import { TERM_TAG } from '../../lib/dom-text';
import { guarded, logError } from '../../lib/error-log';

/** When hovering opens the popover: after a delay, only while a key is held, or never (click only). */
export type OpenTrigger = 'hover' | 'hover-with-key' | 'click';

export interface PopoverControllerOptions {
  ctx: ContentScriptContext;
  trigger: OpenTrigger;
  /** Hover intent delay before opening, in milliseconds. */
  hoverDelayMs: number;
  /** Time the pointer may spend outside term and popover before it closes. */
  graceMs?: number;
  /** Where the cards' texts come from. */
  cards: CardTextSource;
  /** Styles for the shadow root, where the context's `cssInjectionMode: 'ui'` does not bring them. */
  css?: string;
}

export interface PopoverController {
  /** Opens the popover for a highlight (used by the popup's "On this page" and the context menu). */
  open(term: HTMLElement, opts?: { pinned?: boolean; focus?: boolean }): Promise<void>;
  /** Opens a pinned popover for an entry at a place that is not a highlight (a selection). */
  openAt(reference: VirtualElement, entryId: string): Promise<void>;
  close(reason?: CloseReason): void;
  /** The open highlight, if any. */
  readonly openTerm: HTMLElement | null;
  /** Removes the popover and every listener. */
  destroy(): void;
}

/** The highlight an element is, or is in, if any. */
function termOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>(TERM_TAG) : null;
}

/**
 * The highlight an event happened on, if any. `target` is retargeted to the host when the event
 * comes from inside a shadow root; the composed path still starts where it happened (open roots).
 */
function termOfEvent(e: Event): HTMLElement | null {
  return termOf(e.composedPath()[0] ?? e.target);
}

/**
 * Opens the entry popover from hover (with intent delay), focus, click and tap, and closes it
 * on Escape, on leaving it, on an outside click or when its highlight scrolls away.
 */
export function createPopoverController(options: PopoverControllerOptions): PopoverController {
  const { ctx, trigger, hoverDelayMs, graceMs = 300, css, cards } = options;
  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let uiPromise: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;
  let current: { term: HTMLElement; pinned: boolean } | null = null;
  let openTimer: number | undefined;
  let closeTimer: number | undefined;
  let keyHeld = false;
  let destroyed = false;
  const controller = new AbortController();

  const getUi = () => {
    uiPromise ??= createShadowRootUi<HTMLElement>(ctx, {
      name: 'glens-popover',
      position: 'inline',
      anchor: () => document.documentElement,
      append: 'last',
      mode: 'open',
      css,
      onMount(container, _shadow, host) {
        // The host sits at the viewport's origin with no size; the popover inside is fixed.
        // It hangs off <html>, not <body>, so a transform on the body cannot displace it.
        for (const [prop, value] of [
          ['position', 'fixed'],
          ['top', '0'],
          ['left', '0'],
          ['width', '0'],
          ['height', '0'],
          ['display', 'block'],
          ['overflow', 'visible'],
          ['z-index', '2147483647'],
          ['transform', 'none'],
          ['contain', 'none'],
          // What the UA gives a [popover] (see raise()): no frame, no inset, no background.
          ['right', 'auto'],
          ['bottom', 'auto'],
          ['margin', '0'],
          ['padding', '0'],
          ['border', 'none'],
          ['background', 'transparent'],
        ] as const) {
          host.style.setProperty(prop, value, 'important');
        }
        return container;
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    }).then((created) => {
      ui = created;
      return created;
    });
    return uiPromise;
  };

  const clearTimers = () => {
    if (openTimer !== undefined) clearTimeout(openTimer);
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    openTimer = closeTimer = undefined;
  };

  const setActive = (term: HTMLElement | null) => {
    const occ = current?.term.getAttribute('data-glens-occ');
    if (occ) {
      for (const el of document.querySelectorAll(`${TERM_TAG}[data-glens-occ="${occ}"]`)) {
        el.removeAttribute('data-glens-active');
        el.setAttribute('aria-expanded', 'false');
      }
    }
    const nextOcc = term?.getAttribute('data-glens-occ');
    if (nextOcc) {
      for (const el of document.querySelectorAll(`${TERM_TAG}[data-glens-occ="${nextOcc}"]`)) {
        el.setAttribute('data-glens-active', '');
        if (el.hasAttribute('tabindex')) el.setAttribute('aria-expanded', 'true');
      }
    }
  };

  const close = (reason: CloseReason = 'outside') => {
    clearTimers();
    if (!current) return;
    const { term } = current;
    setActive(null);
    current = null;
    if (ui?.mounted) render(null, ui.mounted);
    // Escape from inside the popover returns focus to where the reader was.
    if (reason === 'escape' && ui?.shadow.activeElement && term.isConnected && term.tabIndex >= 0) term.focus();
  };

  /**
   * Puts the host on top of the top layer (https://html.spec.whatwg.org/#top-layer), above any
   * z-index a page uses, including overlays it adds after ours. A browser without the Popover API
   * keeps the z-index fallback.
   */
  const raise = (host: HTMLElement) => {
    if (typeof host.showPopover !== 'function') return;
    host.setAttribute('popover', 'manual');
    if (host.matches(':popover-open')) host.hidePopover();
    host.showPopover();
  };

  /** Set once the popover could not be built (a page owning <glens-popover>, say): hovering stays quiet. */
  let broken = false;

  const show = async (reference: HTMLElement | VirtualElement, entryId: string, key: string, focus: boolean) => {
    if (broken) return false;
    let created: ShadowRootContentScriptUi<HTMLElement>;
    try {
      created = await getUi();
    } catch (error) {
      // Fail closed, inside the extension: the page never sees the error.
      broken = true;
      logError('popover', error);
      return false;
    }
    if (destroyed) return false;
    if (!created.mounted) created.mount();
    raise(created.shadowHost);
    const container = created.mounted;
    if (!container) return false;
    render(
      <TermPopover
        key={key}
        reference={reference}
        entryId={entryId}
        cards={cards}
        focusOnOpen={focus}
        onClose={close}
        onPointerEnter={() => {
          if (closeTimer !== undefined) clearTimeout(closeTimer);
          closeTimer = undefined;
        }}
        onPointerLeave={() => scheduleClose()}
      />,
      container,
    );
    return true;
  };

  const failed = (error: unknown) => {
    logError('popover', error);
    return false;
  };

  const open = async (term: HTMLElement, opts: { pinned?: boolean; focus?: boolean } = {}) => {
    clearTimers();
    const entryId = term.getAttribute('data-glossary-term');
    if (!entryId || destroyed) return;
    if (current?.term === term) {
      current.pinned ||= !!opts.pinned;
      return;
    }
    setActive(term);
    current = { term, pinned: !!opts.pinned };
    const key = `${entryId}:${term.getAttribute('data-glens-occ') ?? ''}`;
    if (!(await show(term, entryId, key, !!opts.focus).catch(failed))) close();
  };

  const openAt = async (reference: VirtualElement, entryId: string) => {
    clearTimers();
    close();
    // No highlight to point at: the popover stands pinned beside the selection.
    current = { term: document.body, pinned: true };
    if (!(await show(reference, entryId, `at:${entryId}:${Date.now()}`, true).catch(failed))) close();
  };

  const scheduleClose = () => {
    if (!current || current.pinned) return;
    if (closeTimer !== undefined) clearTimeout(closeTimer);
    closeTimer = ctx.setTimeout(() => close('pointer-left'), graceMs);
  };

  const insidePopover = (e: Event) => (ui ? e.composedPath().includes(ui.shadowHost) : false);

  const hoverAllowed = () => trigger === 'hover' || (trigger === 'hover-with-key' && keyHeld);

  // Our listeners run in the page's event dispatch: an error in one must not surface there.
  const on = <K extends keyof DocumentEventMap>(type: K, fn: (e: DocumentEventMap[K]) => void) =>
    document.addEventListener(type, guarded('popover', fn), {
      capture: true,
      passive: true,
      signal: controller.signal,
    });

  on('pointerover', (e) => {
    if (e.pointerType === 'touch') return;
    const term = termOfEvent(e);
    if (!term) return;
    if (
      current?.term === term ||
      (current && term.getAttribute('data-glens-occ') === current.term.getAttribute('data-glens-occ'))
    ) {
      if (closeTimer !== undefined) clearTimeout(closeTimer);
      closeTimer = undefined;
      return;
    }
    if (!hoverAllowed()) return;
    if (openTimer !== undefined) clearTimeout(openTimer);
    openTimer = ctx.setTimeout(() => void open(term), hoverDelayMs);
  });

  on('pointerout', (e) => {
    if (e.pointerType === 'touch') return;
    const from = termOfEvent(e);
    if (!from) return;
    const to = termOf(e.relatedTarget);
    if (to && to.getAttribute('data-glens-occ') === from.getAttribute('data-glens-occ')) return;
    if (openTimer !== undefined && !current) {
      clearTimeout(openTimer);
      openTimer = undefined;
    }
    if (current) scheduleClose();
  });

  on('click', (e) => {
    if (insidePopover(e)) return;
    const term = termOfEvent(e);
    if (term) {
      // A click (or tap) pins the popover. The page's own handling of the click (a link's
      // navigation, say) is left alone: nothing is prevented.
      void open(term, { pinned: true });
      if (current?.term === term) current.pinned = true;
      return;
    }
    if (current) close('outside');
  });

  on('focusin', (e) => {
    if (insidePopover(e)) return;
    const term = termOfEvent(e);
    if (term && term.tabIndex >= 0) void open(term);
    else if (current && !current.pinned) close('outside');
  });

  document.addEventListener(
    'keydown',
    guarded('popover', (e: KeyboardEvent) => {
      if (e.key === 'Alt' || e.key === 'Shift') keyHeld = true;
      if (e.key === 'Escape' && current) {
        close('escape');
        return;
      }
      const term = termOfEvent(e);
      if (term && (e.key === 'Enter' || e.key === ' ') && !term.closest('a')) {
        // Enter on a focused highlight pins its popover and moves focus into it.
        e.preventDefault();
        close('outside');
        void open(term, { pinned: true, focus: true });
      }
    }),
    { capture: true, signal: controller.signal },
  );
  on('keyup', (e) => {
    if (e.key === 'Alt' || e.key === 'Shift') keyHeld = false;
  });
  window.addEventListener('blur', () => (keyHeld = false), { signal: controller.signal });

  return {
    open,
    openAt,
    close,
    get openTerm() {
      return current?.term ?? null;
    },
    destroy() {
      destroyed = true;
      close('outside');
      controller.abort();
      ui?.remove();
      ui = null;
      uiPromise = null;
    },
  };
}
