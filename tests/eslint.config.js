// ESLint flat config, kept under tests/ so the top level stays as the design fixes it.
// Run through `npm run lint`, which passes `--config tests/eslint.config.js`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const root = import.meta.dirname + '/..';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'tests/artifacts/**', 'web-ext-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Page code must never build HTML from strings (see STYLE.md).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render with Preact or build nodes; never HTML strings.' },
        { property: 'outerHTML', message: 'Render with Preact or build nodes; never HTML strings.' },
        { property: 'insertAdjacentHTML', message: 'Render with Preact or build nodes; never HTML strings.' },
        { object: 'document', property: 'write', message: 'Never write HTML strings into a document.' },
        { object: 'document', property: 'writeln', message: 'Never write HTML strings into a document.' },
        { property: 'createContextualFragment', message: 'Render with Preact or build nodes; never HTML strings.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Tests may set up fixtures with innerHTML and read serialised DOM.
    files: ['tests/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // Scripts of the fixture pages run in the page, not in Node.
    files: ['tests/fixtures/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
