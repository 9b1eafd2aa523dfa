import { render } from 'preact';
import '../../components/entry-card.css';
import '../../components/extension-page.css';
import './style.css';
import { PopupApp } from '../../components/PopupApp';

render(<PopupApp />, document.getElementById('app')!);
