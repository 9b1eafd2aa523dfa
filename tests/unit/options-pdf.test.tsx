import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../components/OptionsApp';
import { loadSettings } from '../../lib/settings-store';
import { useRenderContainer } from './render-container';

let container: HTMLElement;

async function waitFor(probe: () => unknown, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await act(() => new Promise<void>((r) => setTimeout(r, 10)));
  }
}

const box = () => container.querySelector<HTMLInputElement>('[data-glens-open-pdfs]')!;

async function renderOptions() {
  await act(() => render(<OptionsApp />, container));
  await waitFor(() => container.querySelector('[data-glens-open-pdfs]'), 'the PDF option');
}

useRenderContainer(
  (el) => (container = el),
  () => fakeBrowser.reset(),
);

describe('the option to open PDFs in the reader', () => {
  it('is off by default, and asks for access to every site when switched on', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    await renderOptions();
    expect(box().checked).toBe(false);
    await act(() => box().click());
    expect(request).toHaveBeenCalledWith({ origins: ['http://*/*', 'https://*/*'] });
    await waitFor(async () => (await loadSettings()).openPdfsInReader, 'the option saved');
  });

  it('stays off, and says so, when the access is refused', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    await renderOptions();
    await act(() => box().click());
    await waitFor(
      () => container.querySelector('[aria-labelledby="glens-pdf-heading"] [role="status"]'),
      'the refusal',
    );
    expect((await loadSettings()).openPdfsInReader).toBe(false);
    expect(box().checked).toBe(false);
  });
});
