import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '../../components/PopupApp';
import type { Message, PageState } from '../../lib/messages';
import { useRenderContainer } from './render-container';

type Tabs = Awaited<ReturnType<typeof fakeBrowser.tabs.query>>;
const TAB_ID = 11;
let container: HTMLElement;

async function settle(probe: () => unknown, what: string) {
  const deadline = Date.now() + 2000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await act(() => new Promise<void>((r) => setTimeout(r, 10)));
  }
}

useRenderContainer(
  (el) => (container = el),
  () => fakeBrowser.reset(),
);

describe('the popup and the PDF reader', () => {
  it('offers to open a PDF tab in the reader, and opens it there', async () => {
    const url = 'https://www.mofa.go.jp/files/000078188.pdf';
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: TAB_ID, url } as Tabs[number]]);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue({ id: TAB_ID } as Tabs[number]);
    vi.spyOn(window, 'close').mockImplementation(() => undefined);
    await act(() => render(<PopupApp />, container));
    await settle(() => container.querySelector('[data-glens-open-reader] button'), 'the offer');
    await act(() => container.querySelector<HTMLButtonElement>('[data-glens-open-reader] button')!.click());
    await settle(() => update.mock.calls.length, 'the tab update');
    expect(update).toHaveBeenCalledWith(TAB_ID, {
      url: `${fakeBrowser.runtime.getURL('/reader.html')}?file=${encodeURIComponent(url)}`,
    });
  });

  it('makes no offer for an ordinary page', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: TAB_ID, url: 'https://example.org/' } as Tabs[number],
    ]);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    await act(() => render(<PopupApp />, container));
    await settle(() => container.querySelector('[data-glens-cant-run]'), 'the page section');
    expect(container.querySelector('[data-glens-open-reader]')).toBeNull();
  });

  it('lists a reader tab’s terms, asking the reader through the runtime', async () => {
    const state: PageState = {
      site: '127.0.0.1',
      state: 'on',
      terms: [{ entryId: 'collective-self-defense', count: 3 }],
      occurrences: 3,
    };
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: TAB_ID } as Tabs[number]]);
    // Chrome answers undefined for a tab with no content script but an extension page.
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const sent: unknown[] = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((message: unknown) => {
      sent.push(message);
      const m = message as Extract<Message, { type: 'glens:to-reader' }>;
      const inner = m.message as Message;
      return Promise.resolve(m.tabId === TAB_ID && inner.type === 'glens:page-state' ? state : undefined);
    });
    await act(() => render(<PopupApp />, container));
    await settle(
      () => container.querySelector('.glens-page-term[data-entry-id="collective-self-defense"]'),
      'the list',
    );
    expect(sent[0]).toEqual({ type: 'glens:to-reader', tabId: TAB_ID, message: { type: 'glens:page-state' } });
  });
});
