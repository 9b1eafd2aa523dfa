import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer } from '../../lib/pacer';

describe('createPacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A pacer whose sends record the state they carry. */
  const setUp = () => {
    let state = 0;
    const sent: number[] = [];
    const pacer = createPacer({
      gapMs: 250,
      send: () => sent.push(state),
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
    });
    return { pacer, sent, set: (s: number) => (state = s) };
  };

  it('sends at once, then once per gap with the latest state, however often asked', () => {
    const { pacer, sent, set } = setUp();
    set(1);
    pacer.request();
    expect(sent).toEqual([1]);
    for (let i = 2; i <= 10; i++) {
      vi.advanceTimersByTime(20);
      set(i);
      pacer.request();
    }
    // Nine asks within the gap: nothing yet, then one send with the state as it is at its end.
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(70);
    expect(sent).toEqual([1, 10]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 10]);
  });

  it('sends at once again after a quiet gap', () => {
    const { pacer, sent, set } = setUp();
    set(1);
    pacer.request();
    vi.advanceTimersByTime(300);
    set(2);
    pacer.request();
    expect(sent).toEqual([1, 2]);
  });
});
