import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';

/**
 * Gives each test a fresh <div> in the body to render into (passed to `set`), after running
 * `before` (resetting the fake browser, say); unmounts what was rendered and removes it after.
 */
export function useRenderContainer(set: (el: HTMLElement) => void, before?: () => void): void {
  let el: HTMLElement;
  beforeEach(() => {
    before?.();
    el = document.createElement('div');
    document.body.append(el);
    set(el);
  });
  afterEach(async () => {
    await act(() => render(null, el));
    el.remove();
  });
}
