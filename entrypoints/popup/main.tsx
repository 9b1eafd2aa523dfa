import { render } from 'preact';
import '../../components/entry-card.css';
import '../../components/extension-page.css';
import './style.css';
import { PopupApp } from '../../components/PopupApp';
import { POPUP_RENDERED_MARK } from '../../lib/popup-model';

render(<PopupApp />, document.getElementById('app')!);
// The first render is in the DOM (Preact renders synchronously): the benchmark reads this mark.
performance.mark(POPUP_RENDERED_MARK);
