/**
 * What the settings mean for one page's lens, for every place that annotates (the content script
 * on web pages, the PDF reader): is it on here, which entries it highlights, and what a change of
 * settings asks of a running lens.
 */
import { GLOSSARY_CORE } from './glossary-core';
import type { Settings } from './settings';
import { isSiteEnabled } from './site-rules';

/** A page's state under the settings: annotated, its site switched off, or everything paused. */
export type LensState = 'on' | 'site-off' | 'paused';

/** Settings whose change needs the page annotated afresh (the others apply in place). */
export const RESTART_KEYS = ['firstOnly', 'disabledCategories', 'trigger', 'hoverDelayMs'] as const;

const categoryOf = new Map(GLOSSARY_CORE.map((e) => [e.id, e.category]));

/** The state of a page of `site` under `settings`. */
export function lensState(settings: Settings, site: string): LensState {
  return settings.paused ? 'paused' : isSiteEnabled(settings, site) ? 'on' : 'site-off';
}

/** Which entries to highlight: those of the glossary whose category is not switched off. */
export function entryFilter(settings: Settings): (entryId: string) => boolean {
  const off = new Set<string>(settings.disabledCategories);
  return (entryId) => {
    const category = categoryOf.get(entryId);
    return category !== undefined && !off.has(category);
  };
}

/** What a running page does when the settings change from `prev` to `next`. */
export function lensChange(
  prev: Settings,
  next: Settings,
  site: string,
): 'start' | 'stop' | 'restart' | 'restyle' | 'none' {
  const wasOn = lensState(prev, site) === 'on';
  const isOn = lensState(next, site) === 'on';
  if (wasOn && !isOn) return 'stop';
  if (!wasOn && isOn) return 'start';
  if (!isOn) return 'none';
  if (RESTART_KEYS.some((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]))) return 'restart';
  if (prev.highlightStyle !== next.highlightStyle) return 'restyle';
  return 'none';
}
