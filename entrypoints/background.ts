import { CARD_TEXTS } from '../lib/glossary';
import { parseMessage, type Message, type Replies } from '../lib/messages';
import { nextViewerRuleId, PDF_REDIRECT_RULE_ID, pdfRedirectRule, viewerAllowRule } from '../lib/pdf-redirect';
import { loadSettings, watchSettings } from '../lib/settings-store';

type Stats = Extract<Message, { type: 'glens:stats' }>;

/** The toolbar action: `action` in MV3 (Chrome), `browserAction` in MV2 (Firefox). */
function toolbarAction() {
  return browser.action ?? browser.browserAction;
}

/** Badge and tooltip for a tab: distinct terms on the page, or that the site is off or paused. */
async function showStats(tabId: number, stats: Stats): Promise<void> {
  const action = toolbarAction();
  const text =
    stats.state === 'paused' ? 'II' : stats.state === 'site-off' ? 'off' : stats.terms ? String(stats.terms) : '';
  const color = stats.state === 'on' ? '#1f5fa8' : '#6b7280';
  const title =
    stats.state === 'paused'
      ? 'Glossary Lens is paused'
      : stats.state === 'site-off'
        ? 'Glossary Lens is switched off for this site'
        : `Glossary Lens: ${stats.terms} term${stats.terms === 1 ? '' : 's'} on this page`;
  await Promise.all([
    action.setBadgeText({ tabId, text }),
    action.setBadgeBackgroundColor({ tabId, color }),
    action.setTitle({ tabId, title }),
  ]);
}

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/**
 * Sends a typed message to a tab's content script, or to the PDF reader if the tab shows it (an
 * extension page, which tabs.sendMessage does not reach); undefined where neither runs.
 */
async function sendToTab<T extends Message>(tabId: number, message: T): Promise<Replies[T['type']] | undefined> {
  try {
    return await browser.tabs.sendMessage<T, Replies[T['type']]>(tabId, message);
  } catch {
    const envelope: Message = { type: 'glens:to-reader', tabId, message };
    return (await browser.runtime.sendMessage(envelope).catch(() => undefined)) as Replies[T['type']] | undefined;
  }
}

/**
 * Keeps the rule that opens PDFs in the reader in step with the setting. Idempotent: run at every
 * start of the background (dynamic rules outlive it) and on every change. Without host access
 * (not granted, or withdrawn) the rule is inert, so the setting asks for it when switched on.
 */
async function syncPdfRedirect(enabled: boolean): Promise<void> {
  const dnr = browser.declarativeNetRequest;
  if (!dnr) return;
  await dnr.updateDynamicRules({
    removeRuleIds: [PDF_REDIRECT_RULE_ID],
    addRules: enabled ? [pdfRedirectRule(browser.runtime.getURL('/reader.html'))] : [],
  });
}

/** Shows an address in a tab's own PDF viewer, letting that tab past the redirect for it. */
async function openInViewer(tabId: number, url: string): Promise<void> {
  const dnr = browser.declarativeNetRequest;
  if (dnr) {
    const { id, remove } = nextViewerRuleId((await dnr.getSessionRules()).map((r) => r.id));
    await dnr.updateSessionRules({ removeRuleIds: remove, addRules: [viewerAllowRule(id, tabId, url)] });
  }
  await browser.tabs.update(tabId, { url });
}

export default defineBackground(() => {
  const warn = (e: unknown) => console.warn('[Glossary Lens] PDF redirect', e);
  loadSettings().then((s) => syncPdfRedirect(s.openPdfsInReader), warn);
  let redirecting: boolean | null = null;
  watchSettings((s) => {
    if (s.openPdfsInReader === redirecting) return;
    redirecting = s.openPdfsInReader;
    syncPdfRedirect(s.openPdfsInReader).catch(warn);
  });

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: 'glens-lookup',
      title: 'Look up “%s” in Glossary Lens',
      contexts: ['selection'],
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== 'glens-lookup' || !info.selectionText) return;
    const text = info.selectionText.slice(0, 500);
    void (async () => {
      const reply = tab?.id !== undefined ? await sendToTab(tab.id, { type: 'glens:lookup', text }) : undefined;
      if (reply?.found) return;
      // Not a term here (or the site is off): the glossary page searches for it.
      await browser.tabs.create({ url: `${browser.runtime.getURL('/glossary.html')}?q=${encodeURIComponent(text)}` });
    })();
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-site') return;
    void (async () => {
      const tabId = tab?.id ?? (await activeTabId());
      if (tabId !== undefined) await sendToTab(tabId, { type: 'glens:toggle-site' });
    })();
  });

  // A listener answers by returning a promise (webextension-polyfill's contract), so a promise
  // where the types say void is intended here.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    const message = parseMessage(raw);
    if (message?.type === 'glens:cards') return Promise.resolve<Replies['glens:cards']>(CARD_TEXTS);
    if (message?.type === 'glens:open-in-viewer') {
      // Only the reader, an extension page in a tab, sends this.
      const fromReader = sender.url?.startsWith(browser.runtime.getURL('/reader.html')) ?? false;
      if (!fromReader || sender.tab?.id === undefined) return undefined;
      return openInViewer(sender.tab.id, message.url).catch(warn);
    }
    if (message?.type !== 'glens:stats' || sender.tab?.id === undefined) return undefined;
    // Only a tab's top frame speaks for its badge.
    if (sender.frameId !== undefined && sender.frameId !== 0) return undefined;
    return showStats(sender.tab.id, message).catch(() => undefined);
  });
});
