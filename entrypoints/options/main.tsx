import { render } from 'preact';
import '../../components/extension-page.css';
import './style.css';
import { OptionsApp } from '../../components/OptionsApp';

render(<OptionsApp />, document.getElementById('app')!);
