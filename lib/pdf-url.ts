/**
 * PDF addresses and the reader's own address (`reader.html?file=<address>`): which addresses are
 * PDFs, how the reader names the document it shows, and which host permission reading it needs.
 */

/** True when an address names a PDF by its path: http(s) or file, ending in `.pdf` (query and hash aside). */
export function isPdfAddress(address: string | undefined): boolean {
  if (!address) return false;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) return false;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: judge the path as written.
  }
  return /\.pdf$/i.test(path);
}

/** The reader's address for a document: `reader.html?file=<url-encoded address>`. */
export function readerUrlFor(readerPage: string, address: string): string {
  return `${readerPage}?file=${encodeURIComponent(address)}`;
}

/**
 * The address the reader was asked to open, from its `location.search`. Accepts the encoded form
 * (`?file=https%3A%2F%2F…`) and, from a redirect that cannot encode, the raw one
 * (`?file=https://host/a.pdf?x=1&y=2`, where everything after `file=` is the address).
 */
export function fileParamFrom(search: string): string | null {
  const query = search.startsWith('?') ? search.slice(1) : search;
  const at = query.search(/(^|&)file=/);
  if (at < 0) return null;
  const raw = query.slice(query.indexOf('file=', at) + 'file='.length);
  if (/^(https?|file):\/\//i.test(raw)) return raw;
  const encoded = raw.split('&')[0] ?? '';
  try {
    const decoded = decodeURIComponent(encoded.replace(/\+/g, '%20'));
    return decoded || null;
  } catch {
    return null;
  }
}

export type OpenableAddress =
  | { ok: true; kind: 'web'; url: string; origin: string }
  | { ok: true; kind: 'file'; url: string; name: string }
  | { ok: false; error: string };

/** Checks an address the reader is asked to fetch: http(s) it can fetch, a file: one it can only name. */
export function checkAddress(address: string): OpenableAddress {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, error: `“${address.slice(0, 200)}” is not a web address.` };
  }
  if (url.protocol === 'file:') return { ok: true, kind: 'file', url: url.href, name: fileNameOf(url.href) };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      error: `The reader opens web addresses (http or https) and local files, not ${url.protocol} ones.`,
    };
  }
  return { ok: true, kind: 'web', url: url.href, origin: url.origin };
}

/** The host permission pattern that lets the extension read an address: `https://example.com/*`. */
export function originPattern(address: string): string | null {
  try {
    const url = new URL(address);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Match patterns take no port: a pattern for the host covers every port.
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return null;
  }
}

/** The last segment of an address's path, decoded: "guidelines-2015.pdf". */
export function fileNameOf(address: string): string {
  let path = address;
  try {
    path = new URL(address).pathname;
  } catch {
    // Not an address: a bare file name, as a File gives it.
  }
  const last = path.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last) || address;
  } catch {
    return last || address;
  }
}

/**
 * The tab title for a document: its own title when it has a sensible one (some PDFs carry
 * "untitled" or a word-processor file name), else the file name.
 */
export function documentTitle(metaTitle: string | null | undefined, fileName: string): string {
  const title = (metaTitle ?? '').replace(/\s+/g, ' ').trim();
  if (!title || /^(untitled|microsoft word - .*|.*\.(docx?|pdf|indd|tmp))$/i.test(title)) return fileName;
  return title;
}
