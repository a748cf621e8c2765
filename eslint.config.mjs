import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '.data/**', 'coverage/**', 'libs/client/src/generated/**'] },
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
    // One program for the whole repository (the root tsconfig.json maps @inps/* to the sources):
    // about twice as fast as the project service, which builds a program per workspace tsconfig.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `void` alone would silence a rejection: a fire-and-forget promise needs a .catch that logs.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // A `default:` does not count: a value added to a union must be handled where it is switched on.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // The web client is a browser program of its own (DOM types, JSX): its own tsconfig.
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { parserOptions: { project: ['./apps/web/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    files: ['libs/shared/src/config/**', '**/test/**', '**/*.spec.ts', '**/bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
);
