import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ReaderApp } from '../../components/ReaderApp';
import type { ReaderController, ReaderSnapshot } from '../../lib/pdf-reader';
import { useRenderContainer } from './render-container';

const BASE: ReaderSnapshot = {
  phase: 'ready',
  source: { kind: 'web', url: 'https://example.org/guidelines.pdf', name: 'guidelines.pdf' },
  problem: null,
  passwordIncorrect: false,
  progress: null,
  title: 'The Guidelines for Japan-U.S. Defense Cooperation',
  pageCount: 12,
  currentPage: 3,
  zoom: 1.25,
  fitWidth: false,
  pagesRead: 12,
  noText: false,
  find: { open: false, query: '', hits: 0, current: -1, partial: false },
  textVersion: 12,
};

/** A controller that records what the interface asks of it. */
function fakeController(patch: Partial<ReaderSnapshot> = {}) {
  const listeners = new Set<(s: ReaderSnapshot) => void>();
  const calls = {
    stepPage: vi.fn(),
    goToPage: vi.fn(() => true),
    openFind: vi.fn(),
    closeFind: vi.fn(),
    find: vi.fn(),
    findStep: vi.fn(),
    zoomIn: vi.fn(),
    zoomOut: vi.fn(),
    fitWidth: vi.fn(),
    submitPassword: vi.fn(),
    cancelPassword: vi.fn(),
    grantAccessAndRetry: vi.fn(),
    openFile: vi.fn(),
  };
  const controller = {
    snapshot: { ...BASE, ...patch },
    subscribe(l: (s: ReaderSnapshot) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    update(next: Partial<ReaderSnapshot>) {
      controller.snapshot = { ...controller.snapshot, ...next };
      for (const l of listeners) l(controller.snapshot);
    },
    ...calls,
  };
  return controller;
}

let container: HTMLElement;

async function renderReader(controller: ReturnType<typeof fakeController>) {
  await act(() => render(<ReaderApp controller={controller as unknown as ReaderController} />, container));
}

async function key(init: KeyboardEventInit, target: EventTarget = document.body) {
  await act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  });
}

useRenderContainer((el) => (container = el));

describe('ReaderApp', () => {
  it('shows the document’s title, its page and page count, and its zoom', async () => {
    await renderReader(fakeController());
    expect(container.querySelector('h1')?.textContent).toBe(BASE.title);
    expect(container.querySelector<HTMLInputElement>('#glens-page-number')?.value).toBe('3');
    expect(container.querySelector('[data-glens-page-count]')?.textContent).toBe('of 12');
    expect(container.querySelector('[data-glens-zoom]')?.textContent).toBe('125%');
    expect(document.title).toBe(BASE.title);
    expect(container.querySelector<HTMLAnchorElement>('[data-glens-original]')?.href).toBe(
      BASE.source!.kind === 'web' ? BASE.source!.url : '',
    );
  });

  it('takes Ctrl+F for its own find, and the page keys when no field has focus', async () => {
    const controller = fakeController();
    await renderReader(controller);
    await key({ key: 'f', ctrlKey: true });
    expect(controller.openFind).toHaveBeenCalled();
    await key({ key: 'n' });
    await key({ key: 'ArrowLeft' });
    expect(controller.stepPage.mock.calls).toEqual([[1], [-1]]);
    await key({ key: '=', ctrlKey: true });
    await key({ key: '0', metaKey: true });
    expect(controller.zoomIn).toHaveBeenCalledOnce();
    expect(controller.fitWidth).toHaveBeenCalledOnce();
    // Typing a page number is typing, not navigating.
    await key({ key: 'n' }, container.querySelector('#glens-page-number')!);
    expect(controller.stepPage).toHaveBeenCalledTimes(2);
  });

  it('goes to a typed page, and puts back a page that does not exist', async () => {
    const controller = fakeController();
    controller.goToPage.mockReturnValueOnce(false);
    await renderReader(controller);
    const input = container.querySelector<HTMLInputElement>('#glens-page-number')!;
    await act(() => {
      input.value = '99';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => {
      input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(controller.goToPage).toHaveBeenCalledWith('99');
    expect(input.value).toBe('3');
  });

  it('finds as the person types, steps with Enter and closes with Escape', async () => {
    const controller = fakeController({ find: { open: true, query: 'scc', hits: 4, current: 1, partial: false } });
    await renderReader(controller);
    expect(container.querySelector('[data-glens-find-status]')?.textContent).toBe('2 of 4');
    const input = container.querySelector<HTMLInputElement>('#glens-find-input')!;
    await act(() => {
      input.value = 'scc 2+2';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(controller.find).toHaveBeenCalledWith('scc 2+2');
    await key({ key: 'Enter', shiftKey: true }, input);
    await key({ key: 'Escape' }, input);
    expect(controller.findStep).toHaveBeenCalledWith(-1);
    expect(controller.closeFind).toHaveBeenCalled();
  });

  it('explains the permission it needs in a sentence and asks for it on a click', async () => {
    const controller = fakeController({
      phase: 'problem',
      problem: { kind: 'needs-permission', host: 'www.csis.org' },
    });
    await renderReader(controller);
    const panel = container.querySelector('[data-glens-problem="needs-permission"]')!;
    expect(panel.querySelector('h2')?.getAttribute('role')).toBe('alert');
    expect(panel.textContent).toContain('needs your permission to read this PDF from www.csis.org');
    await act(() => panel.querySelector<HTMLButtonElement>('[data-glens-grant]')!.click());
    expect(controller.grantAccessAndRetry).toHaveBeenCalledOnce();
  });

  it('asks for a password, and says when the last one was wrong', async () => {
    const controller = fakeController({ phase: 'password' });
    await renderReader(controller);
    expect(container.querySelector('[data-glens-password-incorrect]')).toBeNull();
    const input = container.querySelector<HTMLInputElement>('#glens-password')!;
    await act(() => {
      input.value = 'secret';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => {
      input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(controller.submitPassword).toHaveBeenCalledWith('secret');
    await act(() => controller.update({ passwordIncorrect: true }));
    expect(container.querySelector('[data-glens-password-incorrect]')?.textContent).toMatch(/not right/);
  });

  it('keeps what is typed the moment the form comes back after a wrong password', async () => {
    const controller = fakeController({ phase: 'password' });
    await renderReader(controller);
    await act(() => controller.update({ phase: 'loading' }));
    // pdf.js asks again; the form is drawn, and the reader starts typing before the browser paints.
    controller.update({ phase: 'password', passwordIncorrect: true });
    await new Promise<void>((r) => queueMicrotask(r));
    await new Promise<void>((r) => queueMicrotask(r));
    const input = container.querySelector<HTMLInputElement>('#glens-password')!;
    expect(container.querySelector('[data-glens-password-incorrect]')).not.toBeNull();
    input.value = 'sec';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // After a paint (effects run then), the typing is still there, and is what is submitted.
    await new Promise((r) => setTimeout(r, 100));
    await act(() => {});
    expect(input.value).toBe('sec');
    expect(document.activeElement).toBe(input);
    await act(() => {
      input.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(controller.submitPassword).toHaveBeenLastCalledWith('sec');
  });

  it('says when a document has no text to annotate', async () => {
    await renderReader(fakeController({ noText: true }));
    expect(container.querySelector('[data-glens-reader-notice="no-text"]')?.textContent).toMatch(/no text to annotate/);
  });
});
