import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electronOnlyAtTheEdge = {
  paths: [
    { name: 'electron', message: 'Only src/main/{index,window,ipc,menu}.ts and src/preload may import electron.' },
  ],
  patterns: [{ group: ['electron/*'], message: 'Only the Electron edge may import electron.' }],
};

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  // Layering (as VS Code enforces per folder): electron stays at the edge of main and in preload.
  {
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/window.ts', 'src/main/ipc.ts', 'src/main/menu.ts'],
    rules: { 'no-restricted-imports': ['error', electronOnlyAtTheEdge] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyAtTheEdge.paths,
          patterns: [
            {
              group: ['**/main/**', '**/preload/index*'],
              message: 'The renderer talks to main only through window.briefings.',
            },
            { group: ['node:*', 'fs', 'path', 'child_process'], message: 'The renderer has no Node access.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyAtTheEdge.paths,
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', 'node:*'],
              message: 'src/shared holds types and the contract only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'scripts/**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // global augmentation of Window must be an interface.
    files: ['src/preload/index.d.ts'],
    rules: { '@typescript-eslint/consistent-type-definitions': 'off' },
  },
);
