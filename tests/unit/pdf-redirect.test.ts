import { describe, expect, it } from 'vitest';
import {
  MAX_VIEWER_RULES,
  nextViewerRuleId,
  pdfRedirectRule,
  VIEWER_RULE_BASE,
  viewerAllowRule,
} from '../../lib/pdf-redirect';
import { fileParamFrom } from '../../lib/pdf-url';

/** What the browser does with a rule's regexFilter and regexSubstitution (RE2 and JS agree here). */
function apply(rule: ReturnType<typeof pdfRedirectRule>, url: string): string | null {
  const re = new RegExp(rule.condition.regexFilter, rule.condition.isUrlFilterCaseSensitive ? '' : 'i');
  if (!re.test(url) || rule.action.type !== 'redirect') return null;
  return url.replace(
    re,
    rule.action.redirect.regexSubstitution.replace('\\0', () => '$&'),
  );
}

describe('pdfRedirectRule', () => {
  const rule = pdfRedirectRule('chrome-extension://abc/reader.html');

  it('sends top-level navigations to PDFs to the reader, with the address it can read back', () => {
    const to = apply(rule, 'https://www.mofa.go.jp/files/000078188.PDF?x=1&y=2');
    expect(to).toBe('chrome-extension://abc/reader.html?file=https://www.mofa.go.jp/files/000078188.PDF?x=1&y=2');
    expect(fileParamFrom(new URL(to!).search)).toBe('https://www.mofa.go.jp/files/000078188.PDF?x=1&y=2');
    expect(rule.condition.resourceTypes).toEqual(['main_frame']);
  });

  it('leaves other pages alone', () => {
    expect(apply(rule, 'https://example.org/report.pdf.html')).toBeNull();
    expect(apply(rule, 'https://example.org/view?file=report.pdf')).toBeNull();
    expect(apply(rule, 'ftp://example.org/report.pdf')).toBeNull();
  });
});

describe('viewerAllowRule', () => {
  it('lets one tab open one address, exactly, without its fragment', () => {
    const rule = viewerAllowRule(1001, 7, 'https://example.org/a+b (1).pdf?x=1#page=2');
    expect(rule).toMatchObject({ id: 1001, priority: 2, action: { type: 'allow' } });
    expect(rule.condition.tabIds).toEqual([7]);
    const re = new RegExp(rule.condition.regexFilter);
    expect(re.test('https://example.org/a+b (1).pdf?x=1')).toBe(true);
    expect(re.test('https://example.org/a+b (1).pdf?x=2')).toBe(false);
  });

  it('numbers rules on from the last, dropping the oldest past the cap', () => {
    expect(nextViewerRuleId([1])).toEqual({ id: VIEWER_RULE_BASE, remove: [] });
    expect(nextViewerRuleId([VIEWER_RULE_BASE, VIEWER_RULE_BASE + 4])).toEqual({
      id: VIEWER_RULE_BASE + 5,
      remove: [],
    });
    const full = Array.from({ length: MAX_VIEWER_RULES }, (_, i) => VIEWER_RULE_BASE + i);
    expect(nextViewerRuleId(full).remove).toEqual([VIEWER_RULE_BASE]);
  });
});
