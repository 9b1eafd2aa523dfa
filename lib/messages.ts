import * as v from 'valibot';
import { REPORT_SECTIONS } from './glossary-constants';
import type { CardText } from './glossary-schema';
import type { PageExplanation } from './page-context';

/**
 * Every message between the extension's parts, as one typed union checked at each boundary:
 * a message that does not parse is rejected, never trusted.
 */
export const messageSchema = v.variant('type', [
  /** Popup → content: what this page is and which terms it mentions. */
  v.object({ type: v.literal('glens:page-state') }),
  /** Popup → content: why the page's context-dependent terms were highlighted or not. */
  v.object({ type: v.literal('glens:explain') }),
  /** Popup → content: scroll to an entry's first highlight and flash it. */
  v.object({ type: v.literal('glens:reveal'), entryId: v.pipe(v.string(), v.maxLength(100)) }),
  /** Background → content: the person asked to look up a selection (context menu). */
  v.object({ type: v.literal('glens:lookup'), text: v.pipe(v.string(), v.maxLength(500)) }),
  /** Background → content: the keyboard command to switch this site on or off. */
  v.object({ type: v.literal('glens:toggle-site') }),
  /** Content or reader → background: every entry's card texts (lib/card-texts.ts). */
  v.object({ type: v.literal('glens:cards') }),
  /** Content → background: totals for the badge. */
  v.object({
    type: v.literal('glens:stats'),
    state: v.picklist(['on', 'site-off', 'paused']),
    terms: v.pipe(v.number(), v.integer(), v.minValue(0)),
    occurrences: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  /**
   * Reader → background: show this address in the browser's own viewer, past the rule that opens
   * PDFs in the reader (lib/pdf-redirect.ts).
   */
  v.object({
    type: v.literal('glens:open-in-viewer'),
    url: v.pipe(v.string(), v.maxLength(8000), v.regex(/^https?:\/\//)),
  }),
  /**
   * Popup or background → the PDF reader showing in tab `tabId`: one of the messages above, for an
   * extension page, which `tabs.sendMessage` does not reach. The reader parses `message` again.
   */
  v.object({
    type: v.literal('glens:to-reader'),
    tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
    message: v.unknown(),
  }),
]);

export type Message = v.InferOutput<typeof messageSchema>;
export type MessageType = Message['type'];

/** What the content script tells the popup about its page. */
export interface PageState {
  site: string;
  state: 'on' | 'site-off' | 'paused';
  terms: { entryId: string; count: number }[];
  occurrences: number;
}

/** Replies, by message type. */
export interface Replies {
  'glens:page-state': PageState;
  /** Null when the page is not being annotated (site off, paused). */
  'glens:explain': PageExplanation | null;
  'glens:reveal': { found: boolean };
  'glens:lookup': { found: boolean };
  'glens:toggle-site': { enabled: boolean };
  'glens:stats': undefined;
  /** By entry id; checked with `cardTextsSchema` where it arrives. */
  'glens:cards': Record<string, CardText>;
  'glens:open-in-viewer': undefined;
  /** The reply to the message it carries; undefined when no reader shows in that tab. */
  'glens:to-reader': unknown;
}

/** Parses an incoming message; null when it is not one of ours or is malformed. */
export function parseMessage(data: unknown): Message | null {
  const parsed = v.safeParse(messageSchema, data);
  return parsed.success ? parsed.output : null;
}

/** The background's reply to `glens:cards`, checked where it arrives. */
export const cardTextsSchema = v.record(
  v.string(),
  v.object({
    explanation: v.string(),
    report: v.nullable(v.object({ section: v.picklist(REPORT_SECTIONS), excerpt: v.string() })),
    dates: v.optional(v.array(v.object({ date: v.string(), event: v.string() }))),
  }),
);
