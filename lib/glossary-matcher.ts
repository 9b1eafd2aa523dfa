import sources from '../data/glossary.json?matcher';
import { createContextModel, type ContextModel } from './context';
import { GLOSSARY_CORE } from './glossary-core';
import { createMatcher, type Matcher } from './matcher';

// The bundled glossary's matcher and context model, from expressions built with the extension
// (lib/glossary-parts.ts): shaping them from the forms cost each page 30-45 ms of cold script in
// Chromium, before its first highlight.

let matcher: Matcher | null = null;
/** The glossary's matcher, compiled once per page however often the lens restarts. */
export function matcherForGlossary(): Matcher {
  matcher ??= createMatcher(GLOSSARY_CORE, sources.glossary);
  return matcher;
}

let model: ContextModel | null = null;
/** The glossary's context model, built once per page like its matcher. */
export function contextModelForGlossary(): ContextModel {
  model ??= createContextModel({ entries: GLOSSARY_CORE, matcher: matcherForGlossary(), cues: sources.cues });
  return model;
}
