/**
 * The web client's weight and its first load on a slow mobile connection, beside a baseline: an
 * empty page served by the same gateway process from the same folder. Part of `npm run bench`
 * (after the build); alone: `node -r ts-node/register/transpile-only bench/web/run.ts [--out FILE] [--runs N]`.
 *
 * - size: what the first visit downloads (the page, its script and stylesheet) raw, gzip and brotli
 *   as the gateway sends them; the catalogues of the other languages, fetched when one is chosen;
 * - load: Chromium (Debian's, driven by playwright-core) with the DevTools protocol's network
 *   throttling at Chrome DevTools' "Slow 3G" (2 s round trip, 400 kbit/s both ways), a new profile
 *   each run (no cache, no service worker): time to the first paint with text, to the load event,
 *   and to a usable page (the Start button on screen), median of N runs; and the repeat visit, when
 *   the service worker serves the shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findRepoRoot } from '@inps/shared';
import { sparePort } from '../../test/support/ports';
import { machine } from '../lib/load';

const root = findRepoRoot(__dirname);
const dist = join(root, 'apps', 'web', 'dist');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const out = arg('out', join(root, 'bench', 'RESULTS-web.md'));
const runs = Number(arg('runs', '5'));

/** Chrome DevTools' "Slow 3G" preset, as its throttling panel defines it. */
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: ((500 * 1000) / 8) * 0.8, uploadThroughput: ((500 * 1000) / 8) * 0.8 };
const BUDGET_BYTES = 150 * 1024;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function sizes(): { rows: string[]; firstBrotli: number; firstGzip: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1] as string);
  const size = (f: string) => statSync(join(dist, f)).size;
  const rows = ['| file | raw | gzip | brotli (sent) |', '| --- | --- | --- | --- |'];
  let firstBrotli = size('index.html');
  let firstGzip = size('index.html');
  rows.push(`| index.html (not compressed) | ${kb(size('index.html'))} | | |`);
  for (const f of first) {
    rows.push(`| ${f} (first visit) | ${kb(size(f))} | ${kb(size(`${f}.gz`))} | ${kb(size(`${f}.br`))} |`);
    firstBrotli += size(`${f}.br`);
    firstGzip += size(`${f}.gz`);
  }
  const later = readdirSync(join(dist, 'assets')).filter((f) => /\.js$/.test(f) && !first.includes(`assets/${f}`));
  const lazy = later.map((f) => size(`assets/${f}.br`));
  if (lazy.length > 0)
    rows.push(`| ${later.length} other-language catalogues (one fetched when chosen) | | | ${kb(Math.min(...lazy))} to ${kb(Math.max(...lazy))} each |`);
  const js = first.filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + size(`${f}.br`), 0);
  rows.push(
    `| **first visit, in all** | | ${kb(firstGzip)} | **${kb(firstBrotli)}** (of which JavaScript ${kb(js)}; budget ${kb(BUDGET_BYTES)} of JavaScript) |`,
  );
  return { rows, firstBrotli, firstGzip };
}

async function startGateway(webDir: string, port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'services/gateway/dist/main.js')], {
    env: { ...process.env, PORT: String(port), WEB_DIR: webDir, RATE_LIMIT_ENABLED: 'false', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the gateway did not start');
}

interface Load {
  firstPaint: number;
  loaded: number;
  usable: number;
}

async function measure(page: Page, url: string, usable: string): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  const loaded = Date.now() - started;
  await page.waitForSelector(usable, { timeout: 120_000 });
  const usableAt = Date.now() - started;
  const firstPaint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
  return { firstPaint: Math.round(firstPaint), loaded, usable: usableAt };
}

async function loads(browser: Browser, url: string, usable: string, repeat: boolean): Promise<Load[]> {
  const results: Load[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, serviceWorkers: repeat ? 'allow' : 'block' });
    const page = await context.newPage();
    if (repeat) {
      // First visit unthrottled installs the service worker; the measured visit is the second.
      await page.goto(url);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    }
    results.push(await measure(page, url, usable));
    await context.close();
  }
  return results;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'inps-web-bench-'));
  const web = join(dir, 'web');
  cpSync(dist, web, { recursive: true });
  // The baseline: an empty page beside the app, from the same server, with the same headers.
  writeFileSync(join(web, 'empty.html'), '<!doctype html><html lang="it"><title>.</title><p>.</p></html>\n');
  const port = await sparePort();
  const gateway = await startGateway(web, port, dir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const base = `http://127.0.0.1:${port}`;
    const empty = await loads(browser, `${base}/empty.html`, 'p', false);
    const app = await loads(browser, `${base}/`, '[data-action="start"]', false);
    const repeat = await loads(browser, `${base}/`, '[data-action="start"]', true);
    const size = sizes();
    const row = (name: string, xs: Load[]) =>
      `| ${name} | ${median(xs.map((x) => x.firstPaint))} ms | ${median(xs.map((x) => x.loaded))} ms | ${median(xs.map((x) => x.usable))} ms |`;
    const extra = median(app.map((x) => x.usable)) - median(empty.map((x) => x.usable));
    const doc = [
      '# The web client: size and first load on a slow connection',
      '',
      `Run ${new Date().toISOString()} with bench/web/run.ts; machine: ${machine()}; Chromium through playwright-core, ${runs} runs each, medians.`,
      '',
      '## What the first visit downloads (apps/web/dist, as the gateway sends it)',
      '',
      ...size.rows,
      '',
      `## Load on "Slow 3G" (DevTools throttling: ${SLOW_3G.latency} ms latency, ${Math.round((SLOW_3G.downloadThroughput * 8) / 1000)} kbit/s), fresh profile`,
      '',
      '| page | first contentful paint | load event | usable (Start on screen) |',
      '| --- | --- | --- | --- |',
      row('baseline: an empty page, same server', empty),
      row('the questionnaire, first visit', app),
      row('the questionnaire, repeat visit (shell from the service worker)', repeat),
      '',
      `The questionnaire is usable ${extra} ms after the empty page would be, on the same connection: one more round`,
      'trip (2 s on this profile) for the script and the stylesheet, fetched together, and their transfer. The repeat',
      "visit opens from the service worker's cache, which it serves before asking the network.",
      '',
    ].join('\n');
    writeFileSync(out, doc);
    console.log(doc);
  } finally {
    await browser.close();
    gateway.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
