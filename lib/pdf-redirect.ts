/**
 * Opening PDFs in the reader automatically: the declarativeNetRequest rules the background keeps
 * (the same API in Chrome MV3 and Firefox MV2), built here as plain data so they are unit-tested.
 * Top-level navigations to an address ending in `.pdf` go to `reader.html?file=<address>`; a tab
 * whose reader sent the person back to the browser's viewer is let through for that address.
 */

/** The rule that sends PDF navigations to the reader. */
export const PDF_REDIRECT_RULE_ID = 1;
/** Session rules letting one tab open one address in the browser's viewer take ids from here. */
export const VIEWER_RULE_BASE = 1000;
/** The most such rules kept at once: older ones go first. */
export const MAX_VIEWER_RULES = 50;

/** What the rules need of chrome.declarativeNetRequest.Rule (kept structural, for both browsers). */
export interface RedirectRule {
  id: number;
  priority: number;
  action: { type: 'redirect'; redirect: { regexSubstitution: string } } | { type: 'allow' };
  condition: {
    regexFilter: string;
    isUrlFilterCaseSensitive: boolean;
    resourceTypes: 'main_frame'[];
    tabIds?: number[];
  };
}

// The address as the request has it (no fragment): a path ending in .pdf, any query. RE2 syntax,
// which Chrome requires and Firefox accepts.
const PDF_NAVIGATION = '^https?://[^?#]*\\.pdf(\\?.*)?$';

/** The redirect of PDF navigations to the reader page (`readerPage`: its full extension URL). */
export function pdfRedirectRule(readerPage: string): RedirectRule {
  return {
    id: PDF_REDIRECT_RULE_ID,
    priority: 1,
    // `\0` is the whole address, unencoded: the reader reads everything after `file=` (lib/pdf-url.ts).
    action: { type: 'redirect', redirect: { regexSubstitution: `${readerPage}?file=\\0` } },
    condition: { regexFilter: PDF_NAVIGATION, isUrlFilterCaseSensitive: false, resourceTypes: ['main_frame'] },
  };
}

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** A session rule that lets `tabId` open `address` in the browser's own viewer. */
export function viewerAllowRule(id: number, tabId: number, address: string): RedirectRule {
  const url = address.split('#')[0] ?? address;
  return {
    id,
    priority: 2,
    action: { type: 'allow' },
    condition: {
      regexFilter: `^${escapeRe(url)}$`,
      isUrlFilterCaseSensitive: true,
      resourceTypes: ['main_frame'],
      tabIds: [tabId],
    },
  };
}

/** The id for the next viewer rule, and the ids to remove to stay within MAX_VIEWER_RULES. */
export function nextViewerRuleId(existing: readonly number[]): { id: number; remove: number[] } {
  const ours = existing.filter((id) => id >= VIEWER_RULE_BASE).sort((a, b) => a - b);
  const id = (ours[ours.length - 1] ?? VIEWER_RULE_BASE - 1) + 1;
  const remove = ours.length >= MAX_VIEWER_RULES ? ours.slice(0, ours.length - MAX_VIEWER_RULES + 1) : [];
  return { id, remove };
}
