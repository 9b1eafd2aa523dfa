/**
 * Paces a message that only ever reports the latest state (the toolbar badge's count): sent at
 * once when none went out in the last `gapMs`, else once at the end of that gap, then with the
 * state as it is by then. A feed that adds a paragraph every 80 ms made the content script send
 * the badge a message after every pass: 100 round trips to the background in 8 s, half as much
 * main-thread time as the annotation itself (Chromium profile).
 */
export interface Pacer {
  /** Asks for a send: now, or at the end of the current gap (one send however often asked). */
  request(): void;
}

export interface PacerOptions {
  gapMs: number;
  send: () => void;
  now: () => number;
  /** Where a caller's timers end with it (a content script's context), so does a waiting send. */
  setTimer: (fn: () => void, ms: number) => unknown;
}

export function createPacer({ gapMs, send, now, setTimer }: PacerOptions): Pacer {
  let lastSent = -Infinity;
  let waiting = false;
  const fire = () => {
    waiting = false;
    lastSent = now();
    send();
  };
  return {
    request() {
      // A send already waits, and it will send the state as it is then.
      if (waiting) return;
      const wait = lastSent + gapMs - now();
      if (wait <= 0) fire();
      else {
        waiting = true;
        setTimer(fire, wait);
      }
    },
  };
}
