import * as z from 'zod/mini';
import { REPORT_SECTIONS } from './glossary-constants';
import type { CardText } from './glossary-schema';
import type { PageExplanation } from './page-context';

/**
 * Every message between the extension's parts, as one typed union checked at each boundary:
 * a message that does not parse is rejected, never trusted.
 */
export const messageSchema = z.discriminatedUnion('type', [
  /** Popup → content: what this page is and which terms it mentions. */
  z.object({ type: z.literal('glens:page-state') }),
  /** Popup → content: why the page's context-dependent terms were highlighted or not. */
  z.object({ type: z.literal('glens:explain') }),
  /** Popup → content: scroll to an entry's first highlight and flash it. */
  z.object({ type: z.literal('glens:reveal'), entryId: z.string().check(z.maxLength(100)) }),
  /** Background → content: the person asked to look up a selection (context menu). */
  z.object({ type: z.literal('glens:lookup'), text: z.string().check(z.maxLength(500)) }),
  /** Background → content: the keyboard command to switch this site on or off. */
  z.object({ type: z.literal('glens:toggle-site') }),
  /** Content or reader → background: every entry's card texts (lib/card-texts.ts). */
  z.object({ type: z.literal('glens:cards') }),
  /** Content → background: totals for the badge. */
  z.object({
    type: z.literal('glens:stats'),
    state: z.enum(['on', 'site-off', 'paused']),
    terms: z.number().check(z.int(), z.gte(0)),
    occurrences: z.number().check(z.int(), z.gte(0)),
  }),
  /**
   * Reader → background: show this address in the browser's own viewer, past the rule that opens
   * PDFs in the reader (lib/pdf-redirect.ts).
   */
  z.object({
    type: z.literal('glens:open-in-viewer'),
    url: z.string().check(z.maxLength(8000), z.regex(/^https?:\/\//)),
  }),
  /**
   * Popup or background → the PDF reader showing in tab `tabId`: one of the messages above, for an
   * extension page, which `tabs.sendMessage` does not reach. The reader parses `message` again.
   */
  z.object({
    type: z.literal('glens:to-reader'),
    tabId: z.number().check(z.int(), z.gte(0)),
    message: z.unknown(),
  }),
]);

export type Message = z.infer<typeof messageSchema>;
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
  const parsed = messageSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** The background's reply to `glens:cards`, checked where it arrives. */
export const cardTextsSchema = z.record(
  z.string(),
  z.object({
    explanation: z.string(),
    report: z.nullable(z.object({ section: z.enum(REPORT_SECTIONS), excerpt: z.string() })),
    dates: z.optional(z.array(z.object({ date: z.string(), event: z.string() }))),
  }),
);
