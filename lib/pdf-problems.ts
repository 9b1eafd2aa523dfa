/**
 * What can go wrong opening a PDF, and what the reader says about it: every failure becomes one of
 * these problems, shown as a message, never a blank page.
 */

export type PdfProblem =
  /** The address answered with a web page (a login wall, a "not found" page under a .pdf name). */
  | { kind: 'html' }
  /** Some other kind of file. */
  | { kind: 'not-pdf' }
  | { kind: 'empty' }
  /** pdf.js could not make sense of the file (corrupt, truncated beyond repair). */
  | { kind: 'damaged'; detail: string }
  | { kind: 'http'; status: number; statusText: string }
  /** The fetch failed and the extension has no access to the site: asking for it may help. */
  | { kind: 'needs-permission'; host: string }
  | { kind: 'network'; detail: string }
  /** A file: address, which the browser does not let an extension read: the person picks the file. */
  | { kind: 'local-file'; name: string }
  | { kind: 'bad-address'; detail: string }
  /** The person declined to enter the password. */
  | { kind: 'password-cancelled' }
  /** A document with pages but no text on any of them: a scan, say. */
  | { kind: 'no-text' };

/** What a file's first bytes say it is. The PDF header may follow up to 1 KB of junk (PDF 32000-1 §7.5.2, Annex H). */
export function sniffPdf(bytes: Uint8Array, contentType: string | null = null): 'pdf' | 'html' | 'other' {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (/^\s*<(!doctype\s+html|html|head|body|!--|meta|title|script|div|p\b)/i.test(head)) return 'html';
  if (contentType && /^text\/html|application\/xhtml/i.test(contentType)) return 'html';
  return 'other';
}

/** The problem for an error pdf.js raised while opening a document (its exceptions are told apart by name). */
export function problemFromPdfJs(error: unknown): PdfProblem {
  const name = error instanceof Error || (error && typeof error === 'object') ? String((error as Error).name) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return { kind: 'password-cancelled' };
  if (name === 'ResponseException' || name === 'MissingPDFException') return { kind: 'network', detail: message };
  return { kind: 'damaged', detail: message };
}

export interface ProblemText {
  title: string;
  detail: string;
}

/** The message the reader shows for a problem. */
export function describeProblem(problem: PdfProblem): ProblemText {
  switch (problem.kind) {
    case 'html':
      return {
        title: 'This address returned a web page, not a PDF.',
        detail:
          'The site may want you to sign in, or the document may have moved. Open the address in the browser to see what it shows.',
      };
    case 'not-pdf':
      return { title: 'This file is not a PDF.', detail: 'The reader opens PDF documents only.' };
    case 'empty':
      return { title: 'This file is empty.', detail: 'There is no document to show.' };
    case 'damaged':
      return {
        title: 'This PDF is damaged and cannot be read.',
        detail: `It may be incomplete (a download cut short) or corrupt. (${problem.detail || 'no details'})`,
      };
    case 'http':
      return {
        title: `The server could not send this PDF (${problem.status}${problem.statusText ? ` ${problem.statusText}` : ''}).`,
        detail:
          problem.status === 404 || problem.status === 410
            ? 'The document is not (or no longer) at this address.'
            : 'Try again later, or open the address in the browser.',
      };
    case 'needs-permission':
      return {
        title: `Glossary Lens needs your permission to read this PDF from ${problem.host}.`,
        detail:
          'The browser asks you once for this site; Glossary Lens then downloads only the documents you open in the reader.',
      };
    case 'network':
      return {
        title: 'The PDF could not be downloaded.',
        detail: `Check the connection, or open the address in the browser. (${problem.detail || 'network error'})`,
      };
    case 'local-file':
      return {
        title: `Choose “${problem.name}” to open it here.`,
        detail:
          'Browsers do not let extensions read files from your computer by their address. Pick the file, or drop it on this page: it is read here and sent nowhere.',
      };
    case 'bad-address':
      return { title: 'The reader cannot open this address.', detail: problem.detail };
    case 'password-cancelled':
      return { title: 'This PDF is protected by a password.', detail: 'Reload the page to enter the password.' };
    case 'no-text':
      return {
        title: 'This PDF has no text to annotate.',
        detail: 'Its pages are images (a scan, perhaps), so there are no terms to highlight. You can still read it.',
      };
  }
}
