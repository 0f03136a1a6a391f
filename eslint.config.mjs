// One lint config for the repository (ESLint flat config, run by `npm run lint`, which `npm test` runs).
// Not type-aware on purpose: `tsc` already type-checks in `npm test`, and a type-aware lint would load
// the whole program a second time on a two-core machine. Layout is Prettier's job (.prettierrc.json):
// no rule here is about formatting. Which folder may import which is checked by
// test/unit/layout/imports.test.ts, not by a rule here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'emulator/dist/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Lazy require() of a Node built-in keeps it off the start-up path (node:worker_threads,
      // node:tty): allowed; anything else is imported.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^node:'] }],
      // Matching control characters is the point where the code escapes or refuses them (printable
      // output, settings values, the Infisical address).
      'no-control-regex': 'off',
      // A leading underscore marks a parameter or binding kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS by design: the sh/JS polyglot bin, the code-cache loader, benchmark floors, child fixtures.
    files: ['**/*.cjs', 'bin/**/*.js', 'fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // No function in src/ over 80 lines (counting every line, comments and blank lines too), except
    // where a comment says why: `// eslint-disable-next-line max-lines-per-function -- <why>`.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
  {
    // Tests assert on loosely shaped JSON replies; `any` keeps them readable.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
