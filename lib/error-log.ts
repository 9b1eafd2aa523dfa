import { storage } from 'wxt/utils/storage';

/**
 * The extension's own error log. An error in the content script must never reach the page (its
 * console, its `onerror`, its handlers): it is caught where it happens and kept here, in
 * `storage.local`, where the extension's pages (and the tests) can read it. Only the message and
 * where it happened are kept, never the page's address or text.
 */
export interface ErrorLogEntry {
  at: number;
  /** Which part failed: "annotator", "popover", "settings"… */
  where: string;
  message: string;
}

/** The last errors, oldest first. */
export const MAX_ERROR_LOG = 20;
export const errorLog = storage.defineItem<ErrorLogEntry[]>('local:errorLog', { fallback: [] });

/** A short, single-line description of anything thrown. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Records an error in the extension's log without ever throwing: when the extension itself is
 * gone (reloaded while the page stays open) the entry is dropped. A debug line helps whoever is
 * looking at the console; it is not an error there.
 */
export function logError(where: string, error: unknown): void {
  const entry: ErrorLogEntry = { at: Date.now(), where, message: describeError(error) };
  try {
    console.debug(`[Glossary Lens] ${where}: ${entry.message}`);
    errorLog
      .getValue()
      .then((log) => errorLog.setValue([...(Array.isArray(log) ? log : []), entry].slice(-MAX_ERROR_LOG)))
      .catch(() => undefined);
  } catch {
    // No storage (the extension context is gone): nothing left to tell.
  }
}

/** Runs `fn`, logging instead of throwing; returns its result, or undefined when it threw. */
export function guarded<A extends unknown[], R>(where: string, fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (error) {
      logError(where, error);
      return undefined;
    }
  };
}
