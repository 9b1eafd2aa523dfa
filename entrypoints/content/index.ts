import '../../components/entry-card.css';
import '../../components/popover.css';
import { startLens } from './lens';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main(ctx) {
    if (!document.body || document.documentElement.namespaceURI !== 'http://www.w3.org/1999/xhtml') return;
    startLens({
      ctx,
      highlightStyle: 'underline',
      firstOnly: false,
      trigger: 'hover',
      hoverDelayMs: 300,
      includeEntry: () => true,
    });
  },
});
