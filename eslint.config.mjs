// Lint, and the layer rules of DESIGN.md: imports point down only.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'util', 'url', 'stream'];
const NATIVE = ['node-pty', 'better-sqlite3', 'ws'];

/** Forbid imports of other layers' folders and of given packages. */
const layer = (files, { folders = [], packages = [], message }) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...folders.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message })),
          ...(packages.length ? [{ group: packages, message }] : []),
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The recommended set, React Compiler rules included.
    rules: reactHooks.configs.flat.recommended.rules,
  },
  {
    // Journal rows are read by column name into typed objects: a positional read
    // (better-sqlite3's .raw() rows, .pluck()'s first column) shifts silently
    // when a column is added.
    files: ['src/core/journal/**/*.ts', 'src/core/guide/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='raw'], CallExpression[callee.property.name='pluck']",
          message: 'Read journal rows by column name (a row interface and its mapper), not by position: no .raw() or .pluck().',
        },
      ],
    },
  },
  layer(['src/shared/**'], {
    folders: ['core', 'main', 'preload', 'renderer', 'cli'],
    packages: [...NODE_BUILTINS, ...NATIVE, 'electron', 'react', 'react-dom'],
    message: 'src/shared holds types and constants only: it imports nothing from Node, the DOM, Electron or other layers.',
  }),
  layer(['src/core/**'], {
    folders: ['main', 'preload', 'renderer', 'cli'],
    packages: ['electron', 'react', 'react-dom', 'zustand', '@xterm/*'],
    message: 'src/core is the plain-Node engine: it never imports Electron, the UI or the hosts that start it.',
  }),
  layer(['src/renderer/**'], {
    folders: ['core', 'main', 'preload', 'cli'],
    packages: [...NODE_BUILTINS, ...NATIVE, 'electron'],
    message: 'src/renderer talks to the engine only through its client (src/shared/client.ts).',
  }),
  layer(['src/preload/**'], {
    folders: ['core', 'main', 'renderer', 'cli'],
    packages: [...NODE_BUILTINS, ...NATIVE],
    message: 'src/preload is a sandboxed bridge: electron and src/shared only.',
  }),
  layer(['src/main/**'], {
    folders: ['renderer', 'preload', 'cli'],
    message: 'src/main starts windows and the engine; it does not reach into the UI or the CLI.',
  }),
  layer(['src/cli/**'], {
    folders: ['main', 'preload', 'renderer'],
    packages: ['electron', 'react', 'react-dom'],
    message: 'src/cli is plain Node: it uses src/core and src/shared only.',
  }),
);
