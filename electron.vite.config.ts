import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Three targets, as electron-vite's templates have them. The main target also
// builds the utility-process engine host, the `stepwise` CLI and the output
// parser's worker: plain Node bundles with the same externalised dependencies.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          engineHost: resolve(__dirname, 'src/main/engineHost.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          parserWorker: resolve(__dirname, 'src/core/diagnostics/parserWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // The browser mode serves this bundle too: keep it small.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
});
