import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration is read once, validated, in libs/shared/src/config.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through the typed config of @inps/shared.' }],
      'no-console': 'error',
    },
  },
  {
    files: ['libs/shared/src/config/**', '**/test/**', '**/*.spec.ts', '**/bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
);
