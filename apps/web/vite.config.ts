import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Only two sources of the monorepo reach the browser, as sources: the typed client and the language
 * list. Aliasing them skips the CommonJS builds of the libraries (and the rest of the kernel).
 */
export default defineConfig({
  base: '/',
  resolve: {
    alias: {
      '@inps/client': here('../../libs/client/src/index.ts'),
      '@inps/kernel/languages': here('../../libs/kernel/src/languages.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    // One small stylesheet and no inline script: the gateway's CSP allows neither inline code nor other hosts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
