import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Each asset also as .br and .gz, compressed once at build time at the highest levels: the gateway
 * sends them to a browser that accepts them (no compression work per request, no proxy needed).
 */
function precompress(): Plugin {
  return {
    name: 'inps-precompress',
    apply: 'build',
    writeBundle(options) {
      const assets = join(options.dir ?? 'dist', 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const body = readFileSync(join(assets, name));
        writeFileSync(join(assets, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(join(assets, `${name}.gz`), gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * Only two sources of the monorepo reach the browser, as sources: the typed client and the language
 * list. Aliasing them skips the CommonJS builds of the libraries (and the rest of the kernel).
 */
export default defineConfig({
  base: '/',
  plugins: [precompress()],
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
