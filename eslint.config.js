import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/ledger/**/*.ts'],
    rules: {
      // Money is integer fen: parseFloat/Math.round drift is how amounts go wrong.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Amounts are integer fen; use parseYuan.' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    ignores: ['test/support/fast-check.ts'],
    rules: {
      // Tests are seeded, so a failure reproduces on any machine.
      'no-restricted-imports': ['error', { paths: [{ name: 'fast-check', message: 'Import fc from test/support/fast-check.js: it fixes the seed.' }] }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use test/support/seeded-random.js.' }],
    },
  },
);
