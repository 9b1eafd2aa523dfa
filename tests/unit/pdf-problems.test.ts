import { describe, expect, it } from 'vitest';
import { describeProblem, problemFromPdfJs, sniffPdf, type PdfProblem } from '../../lib/pdf-problems';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('sniffPdf', () => {
  it('finds the PDF header, even after some leading junk', () => {
    expect(sniffPdf(bytes('%PDF-1.7\n...'))).toBe('pdf');
    expect(sniffPdf(bytes(`${' '.repeat(300)}%PDF-1.4`))).toBe('pdf');
  });

  it('tells a web page from other files', () => {
    expect(sniffPdf(bytes('<!doctype html><html><body>Sign in</body></html>'))).toBe('html');
    expect(sniffPdf(bytes('\n  <html lang="en">'))).toBe('html');
    expect(sniffPdf(bytes('{"error":"not found"}'), 'text/html; charset=utf-8')).toBe('html');
    expect(sniffPdf(bytes('PK\u0003\u0004 a zip file'))).toBe('other');
    expect(sniffPdf(bytes(`${'x'.repeat(2000)}%PDF-1.4`))).toBe('other');
  });
});

describe('problemFromPdfJs', () => {
  const named = (name: string, message = 'boom') => Object.assign(new Error(message), { name });

  it('reads pdf.js exceptions by name', () => {
    expect(problemFromPdfJs(named('InvalidPDFException', 'Invalid PDF structure.'))).toEqual({
      kind: 'damaged',
      detail: 'Invalid PDF structure.',
    });
    expect(problemFromPdfJs(named('PasswordException'))).toEqual({ kind: 'password-cancelled' });
    expect(problemFromPdfJs(named('ResponseException'))).toMatchObject({ kind: 'network' });
    expect(problemFromPdfJs('a string')).toEqual({ kind: 'damaged', detail: 'a string' });
  });
});

describe('describeProblem', () => {
  const all: PdfProblem[] = [
    { kind: 'html' },
    { kind: 'not-pdf' },
    { kind: 'empty' },
    { kind: 'damaged', detail: 'Invalid PDF structure.' },
    { kind: 'http', status: 404, statusText: 'Not Found' },
    { kind: 'http', status: 503, statusText: '' },
    { kind: 'needs-permission', host: 'www.csis.org' },
    { kind: 'network', detail: 'Failed to fetch' },
    { kind: 'local-file', name: 'guidelines.pdf' },
    { kind: 'bad-address', detail: 'Not a web address.' },
    { kind: 'password-cancelled' },
    { kind: 'no-text' },
  ];

  it('has a title and a detail for every problem', () => {
    for (const problem of all) {
      const { title, detail } = describeProblem(problem);
      expect(title.length, problem.kind).toBeGreaterThan(10);
      expect(detail.length, problem.kind).toBeGreaterThan(5);
    }
  });

  it('names the status, the site and the file where it has them', () => {
    expect(describeProblem({ kind: 'http', status: 404, statusText: 'Not Found' }).title).toContain('404 Not Found');
    expect(describeProblem({ kind: 'needs-permission', host: 'www.csis.org' }).title).toContain('www.csis.org');
    expect(describeProblem({ kind: 'local-file', name: 'guidelines.pdf' }).title).toContain('guidelines.pdf');
  });
});
