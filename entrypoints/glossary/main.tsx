import { render } from 'preact';
import { GlossaryApp, initialQuery } from '../../components/GlossaryApp';
import '../../components/entry-card.css';
import './style.css';

// The extension's full glossary page (glossary.html): `?q=` pre-fills the filter, `#entry-id`
// opens an entry. Everything else lives in GlossaryApp.
render(<GlossaryApp defaultQuery={initialQuery(location.search)} />, document.getElementById('app')!);
