import { TERM_TAG } from './dom-text';

/** How highlights look: a quiet dotted underline, a soft background, or nothing until hovered. */
export type HighlightStyle = 'underline' | 'background' | 'hover';

const T = `${TERM_TAG}[data-glossary-term]`;

/**
 * The attribute marking the highlights' <style> element in a page: the lens sets it, and the check
 * for an earlier copy's leftovers (lib/stale-highlights.ts) looks for it.
 */
export const HIGHLIGHT_STYLE_ATTR = 'data-glens-style';

/**
 * The page-level stylesheet for highlights. It only ever decorates: no box, font or spacing
 * property changes, so the page lays out exactly as without the extension. `!important`
 * because page rules such as `* { all: unset }` would otherwise win.
 */
export function highlightCss(style: HighlightStyle): string {
  const underline = `text-decoration: underline dotted color-mix(in srgb, currentColor 60%, transparent) !important;
  text-decoration-thickness: from-font !important;
  text-underline-offset: 0.18em !important;`;
  const background = 'background-color: rgb(255 196 0 / 0.22) !important; border-radius: 2px;';
  const rest =
    style === 'underline' ? underline : style === 'background' ? background : 'text-decoration: none !important;';
  return `${T} {
  display: inline !important;
  visibility: visible !important;
  ${rest}
  cursor: help;
}
${T}:hover, ${T}[data-glens-active] {
  ${underline}
  background-color: rgb(31 95 168 / 0.12) !important;
}
${T}:focus-visible {
  outline: 2px solid #1f5fa8 !important;
  outline-offset: 1px;
}
${T}[data-glens-flash] {
  background-color: rgb(255 196 0 / 0.55) !important;
  transition: background-color 600ms ease-out;
}
@media (prefers-reduced-motion: reduce) {
  ${T}[data-glens-flash] { transition: none; }
}
@media (prefers-color-scheme: dark) {
  ${T}:hover, ${T}[data-glens-active] { background-color: rgb(140 188 245 / 0.2) !important; }
}`;
}
