import { describe, expect, it } from 'vitest';
import {
  checkAddress,
  documentTitle,
  fileNameOf,
  fileParamFrom,
  isPdfAddress,
  originPattern,
  readerUrlFor,
} from '../../lib/pdf-url';

describe('isPdfAddress', () => {
  it('recognises web and file addresses whose path ends in .pdf, whatever the query or case', () => {
    expect(isPdfAddress('https://www.mofa.go.jp/files/000078188.pdf')).toBe(true);
    expect(isPdfAddress('https://example.org/Report.PDF?download=1#page=3')).toBe(true);
    expect(isPdfAddress('file:///home/me/Guidelines%202015.pdf')).toBe(true);
    expect(isPdfAddress('http://127.0.0.1:8080/a%2Eb.pdf')).toBe(true);
  });

  it('refuses other pages, other schemes and nonsense', () => {
    expect(isPdfAddress('https://example.org/pdf')).toBe(false);
    expect(isPdfAddress('https://example.org/report.pdf.html')).toBe(false);
    expect(isPdfAddress('https://example.org/view?file=report.pdf')).toBe(false);
    expect(isPdfAddress('chrome://settings/x.pdf')).toBe(false);
    expect(isPdfAddress('not a url.pdf')).toBe(false);
    expect(isPdfAddress(undefined)).toBe(false);
  });
});

describe('the reader address', () => {
  it('carries the document address encoded, and gives it back', () => {
    const address = 'https://example.org/a b.pdf?x=1&y=2#p=3';
    const url = readerUrlFor('chrome-extension://abc/reader.html', address);
    expect(url).toBe(`chrome-extension://abc/reader.html?file=${encodeURIComponent(address)}`);
    expect(fileParamFrom(new URL(url).search)).toBe(address);
  });

  it('also reads the raw address a redirect puts after file=, query and all', () => {
    expect(fileParamFrom('?file=https://example.org/r.pdf?x=1&y=2')).toBe('https://example.org/r.pdf?x=1&y=2');
  });

  it('has no address without file=, or with a broken escape', () => {
    expect(fileParamFrom('')).toBeNull();
    expect(fileParamFrom('?profile=x')).toBeNull();
    expect(fileParamFrom('?file=%E0%A4%A')).toBeNull();
  });
});

describe('checkAddress', () => {
  it('accepts http(s) with its origin, and names a file: address', () => {
    expect(checkAddress('https://example.org/r.pdf')).toEqual({
      ok: true,
      kind: 'web',
      url: 'https://example.org/r.pdf',
      origin: 'https://example.org',
    });
    expect(checkAddress('file:///tmp/My%20Report.pdf')).toMatchObject({
      ok: true,
      kind: 'file',
      name: 'My Report.pdf',
    });
  });

  it('refuses other schemes with a sentence', () => {
    const result = checkAddress('javascript:alert(1)');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/http or https/);
    expect(checkAddress('::').ok).toBe(false);
  });
});

describe('originPattern', () => {
  it('is the host permission for the address, any port', () => {
    expect(originPattern('http://127.0.0.1:41234/x.pdf')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://www.csis.org/a/b.pdf')).toBe('https://www.csis.org/*');
    expect(originPattern('file:///x.pdf')).toBeNull();
  });
});

describe('names and titles', () => {
  it('takes the file name from the path, decoded', () => {
    expect(fileNameOf('https://example.org/docs/Defense%20Guidelines.pdf?x=1')).toBe('Defense Guidelines.pdf');
    expect(fileNameOf('report.pdf')).toBe('report.pdf');
  });

  it('prefers the document’s own title unless it is a placeholder', () => {
    expect(documentTitle('  The Guidelines for\nJapan-U.S. Defense Cooperation ', 'x.pdf')).toBe(
      'The Guidelines for Japan-U.S. Defense Cooperation',
    );
    expect(documentTitle('Untitled', 'x.pdf')).toBe('x.pdf');
    expect(documentTitle('Microsoft Word - draft7.docx', 'x.pdf')).toBe('x.pdf');
    expect(documentTitle(null, 'x.pdf')).toBe('x.pdf');
  });
});
